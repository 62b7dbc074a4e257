// Entente dashboard: checks a transaction's provenance in the browser, from the canonical bytes the
// page embeds (data attributes of #proof), with WebCrypto. It never asks the node whether they are
// valid. The encodings are those of io.entente.core (tag byte, codec version byte, big-endian
// fields, u16-length strings, u32-length byte fields and lists, 32-byte hashes, 33-byte compressed
// P-256 keys, 64-byte r || s signatures).
'use strict';
(function () {
  const TAG = {
    MERKLE_PROOF: 0x10, VALIDATOR: 0x11, VALIDATOR_SET: 0x12, BLOCK_HEADER: 0x16,
    SEAL_PAYLOAD: 0x17, SEAL: 0x18, BLOCK_CERTIFICATE: 0x19, GENESIS: 0x1d, INCLUSION_PROOF: 0x1f
  };
  const SUITE_STANDARD = 1;
  const KIND_TRANSACTION = 0;
  const SIGNATURE_BYTES = 64;
  // P-256: field prime, curve constant b (a = -3), group order.
  const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
  const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
  const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

  class Cursor {
    constructor(bytes) { this.bytes = bytes; this.at = 0; }
    u8() {
      if (this.at >= this.bytes.length) { throw new Error('the encoding ends too early'); }
      return this.bytes[this.at++];
    }
    u16() { return this.u8() * 0x100 + this.u8(); }
    u32() { return this.u16() * 0x10000 + this.u16(); }
    i64() {
      let value = 0n;
      for (let i = 0; i < 8; i++) { value = (value << 8n) | BigInt(this.u8()); }
      return value;
    }
    fixed(length) {
      if (this.at + length > this.bytes.length) { throw new Error('the encoding ends too early'); }
      const part = this.bytes.slice(this.at, this.at + length);
      this.at += length;
      return part;
    }
    hash() { return this.fixed(32); }
    string() { return new TextDecoder('utf-8', { fatal: true }).decode(this.fixed(this.u16())); }
    tag(expected, versions, what) {
      const tag = this.u8();
      const version = this.u8();
      if (tag !== expected || !versions.includes(version)) {
        throw new Error(what + ': unexpected type ' + tag + ' version ' + version);
      }
      return version;
    }
    end(what) {
      if (this.at !== this.bytes.length) { throw new Error(what + ': trailing bytes'); }
    }
  }

  function base64(text) {
    const raw = atob(text);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function same(a, b) {
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }

  async function sha256(...parts) {
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    const all = new Uint8Array(length);
    let at = 0;
    for (const part of parts) { all.set(part, at); at += part.length; }
    return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  }

  function readValidator(cursor) {
    cursor.tag(TAG.VALIDATOR, [1], 'validator');
    const institution = cursor.string();
    const suite = cursor.u8();
    return { institution, suite, key: cursor.fixed(33) };
  }

  function readGenesis(bytes) {
    const cursor = new Cursor(bytes);
    cursor.tag(TAG.GENESIS, [1, 2], 'genesis');
    const channel = cursor.string();
    const suite = cursor.u8();
    cursor.i64();
    cursor.u32();
    const setStart = cursor.at;
    cursor.tag(TAG.VALIDATOR_SET, [1], 'validator set');
    const count = cursor.u32();
    const validators = [];
    for (let i = 0; i < count; i++) { validators.push(readValidator(cursor)); }
    const setBytes = bytes.slice(setStart, cursor.at);
    const everyInstitution = cursor.u8() === 1;
    return { channel, suite, validators, setBytes, everyInstitution };
  }

  function readHeader(bytes) {
    const cursor = new Cursor(bytes);
    cursor.tag(TAG.BLOCK_HEADER, [1], 'header');
    const header = {
      channel: cursor.string(), height: cursor.i64(), parent: cursor.hash(),
      proposer: cursor.hash(), round: cursor.u32(), timeMs: cursor.i64(), rules: cursor.u32(),
      validatorSetHash: cursor.hash(), txRoot: cursor.hash(),
      prevReceiptRoot: cursor.hash(), prevStateDigest: cursor.hash()
    };
    cursor.end('header');
    return header;
  }

  function readCertificate(bytes) {
    const cursor = new Cursor(bytes);
    cursor.tag(TAG.BLOCK_CERTIFICATE, [1], 'certificate');
    const blockHash = cursor.hash();
    const count = cursor.u32();
    const seals = [];
    for (let i = 0; i < count; i++) {
      cursor.tag(TAG.SEAL, [1], 'seal');
      seals.push({ validator: cursor.hash(), signature: cursor.fixed(SIGNATURE_BYTES) });
    }
    cursor.end('certificate');
    return { blockHash, seals };
  }

  function readProof(bytes) {
    const cursor = new Cursor(bytes);
    cursor.tag(TAG.INCLUSION_PROOF, [1], 'inclusion proof');
    const kind = cursor.u8();
    const height = cursor.i64();
    const leaf = cursor.fixed(cursor.u32());
    cursor.tag(TAG.MERKLE_PROOF, [1], 'Merkle proof');
    const index = cursor.u32();
    const count = cursor.u32();
    const length = cursor.u32();
    const path = [];
    for (let i = 0; i < length; i++) { path.push(cursor.hash()); }
    cursor.end('inclusion proof');
    return { kind, height, leaf, index, count, path };
  }

  // For each level from the leaf up, whether the sibling is on the left (RFC 6962 tree shape: the
  // left subtree holds the largest power of two of leaves smaller than the count).
  function siblingOnLeft(index, count) {
    const fromRoot = [];
    let offset = index;
    let size = count;
    while (size > 1) {
      let split = 1;
      while (split * 2 < size) { split *= 2; }
      const right = offset >= split;
      fromRoot.push(right);
      if (right) { offset -= split; size -= split; } else { size = split; }
    }
    return fromRoot.reverse();
  }

  async function merkleRoot(proof) {
    if (proof.index >= proof.count) {
      throw new Error('leaf ' + proof.index + ' of a tree of ' + proof.count);
    }
    const sides = siblingOnLeft(proof.index, proof.count);
    if (sides.length !== proof.path.length) {
      throw new Error('the path has ' + proof.path.length + ' hashes, the tree shape needs ' + sides.length);
    }
    let node = await sha256(Uint8Array.of(0), proof.leaf);
    for (let level = 0; level < sides.length; level++) {
      const sibling = proof.path[level];
      node = sides[level]
        ? await sha256(Uint8Array.of(1), sibling, node)
        : await sha256(Uint8Array.of(1), node, sibling);
    }
    return node;
  }

  function power(base, exponent, modulus) {
    let result = 1n;
    let b = base % modulus;
    let e = exponent;
    while (e > 0n) {
      if (e & 1n) { result = (result * b) % modulus; }
      b = (b * b) % modulus;
      e >>= 1n;
    }
    return result;
  }

  function toBigInt(bytes) { return BigInt('0x' + (hex(bytes) || '0')); }

  function to32(value) {
    const text = value.toString(16).padStart(64, '0');
    return Uint8Array.from(text.match(/../g), (pair) => parseInt(pair, 16));
  }

  // A compressed SEC1 point as the uncompressed one WebCrypto imports everywhere.
  function decompress(key) {
    if (key.length !== 33 || (key[0] !== 2 && key[0] !== 3)) { throw new Error('not a compressed key'); }
    const x = toBigInt(key.slice(1));
    if (x >= P) { throw new Error('x is not a field element'); }
    const ySquared = (((x * x) % P) * x - 3n * x + B) % P;
    const rhs = (ySquared + P) % P;
    let y = power(rhs, (P + 1n) / 4n, P);
    if ((y * y) % P !== rhs) { throw new Error('the key is not on the curve'); }
    if (Number(y & 1n) !== (key[0] & 1)) { y = P - y; }
    const point = new Uint8Array(65);
    point[0] = 4;
    point.set(to32(x), 1);
    point.set(to32(y), 33);
    return point;
  }

  function sealPayload(header, blockHash) {
    const channel = new TextEncoder().encode(header.channel);
    const bytes = new Uint8Array(2 + 2 + channel.length + 8 + 32);
    const view = new DataView(bytes.buffer);
    bytes[0] = TAG.SEAL_PAYLOAD;
    bytes[1] = 1;
    view.setUint16(2, channel.length);
    bytes.set(channel, 4);
    view.setBigInt64(4 + channel.length, header.height);
    bytes.set(blockHash, 12 + channel.length);
    return bytes;
  }

  async function checkSeal(seal, validators, payload) {
    let signer = null;
    for (const validator of validators) {
      if (same(await sha256(validator.key), seal.validator)) { signer = validator; }
    }
    if (signer === null) { throw new Error('sealed by a key outside the validator set'); }
    const s = toBigInt(seal.signature.slice(32));
    if (s > N / 2n) { throw new Error('the signature is not low-S'); }
    const key = await crypto.subtle.importKey(
      'raw', decompress(signer.key), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const valid = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' }, key, seal.signature, payload);
    if (!valid) { throw new Error('the signature does not verify'); }
    return signer;
  }

  function show(target, state, text) {
    target.textContent = text;
    target.classList.remove('ok', 'bad', 'skipped');
    target.classList.add(state);
  }

  function verdictOf(section, step) {
    return section.querySelector('[data-step="' + step + '"] [data-verdict]');
  }

  async function checkSeals(section, material) {
    const { genesis, header, certificate } = material;
    const payload = sealPayload(header, material.blockHash);
    const sealed = new Set();
    const failures = [];
    for (const seal of certificate.seals) {
      const row = section.ownerDocument.querySelector(
        '[data-seal="' + hex(seal.validator) + '"] [data-seal-verdict]');
      try {
        const signer = await checkSeal(seal, genesis.validators, payload);
        sealed.add(hex(signer.key));
        if (row) { show(row, 'ok', 'verified'); }
      } catch (error) {
        failures.push(error.message);
        if (row) { show(row, 'bad', 'failed: ' + error.message); }
      }
    }
    if (failures.length > 0) { throw new Error(failures.join('; ')); }
    const n = genesis.validators.length;
    const quorum = Math.floor((2 * n + 2) / 3);
    if (sealed.size < quorum) { throw new Error(sealed.size + ' seals of ' + n + ', quorum ' + quorum); }
    if (genesis.everyInstitution) {
      const missing = genesis.validators
        .map((v) => v.institution)
        .filter((institution) => !genesis.validators.some(
          (v) => v.institution === institution && sealed.has(hex(v.key))));
      if (missing.length > 0) { throw new Error('no seal from ' + Array.from(new Set(missing)).join(', ')); }
    }
    return sealed.size + ' valid seals of ' + n + ' validators, quorum ' + quorum;
  }

  // The steps in order; each returns what it established or throws why not.
  const STEPS = [
    ['genesis', async (section, m) => {
      m.genesis = readGenesis(base64(section.dataset.genesis));
      m.header = readHeader(base64(section.dataset.header));
      if (m.genesis.channel !== m.header.channel) {
        throw new Error('the genesis is of channel ' + m.genesis.channel);
      }
      const hash = hex(await sha256(base64(section.dataset.genesis)));
      section.querySelector('[data-genesis-hash]').textContent = hash;
      return 'genesis of ' + m.genesis.channel + ', hash computed here';
    }],
    ['validators', async (section, m) => {
      if (!same(await sha256(m.genesis.setBytes), m.header.validatorSetHash)) {
        throw new Error('the header names another validator set than the genesis one');
      }
      return m.genesis.validators.length + ' validators';
    }],
    ['transaction', async (section, m) => {
      m.proof = readProof(base64(section.dataset.proof));
      if (m.proof.kind !== KIND_TRANSACTION || m.proof.height !== m.header.height) {
        throw new Error('not a transaction proof of block ' + m.header.height);
      }
      const body = m.proof.leaf.slice(2, m.proof.leaf.length - SIGNATURE_BYTES);
      if (hex(await sha256(body)) !== section.dataset.txId) {
        throw new Error('the leaf is another transaction');
      }
      return 'transaction id recomputed from the leaf';
    }],
    ['merkle', async (section, m) => {
      const root = await merkleRoot(m.proof);
      if (!same(root, m.header.txRoot)) {
        throw new Error('the path leads to ' + hex(root).slice(0, 16) + '…, the header says ' +
          hex(m.header.txRoot).slice(0, 16) + '…');
      }
      return 'root ' + hex(root).slice(0, 16) + '…';
    }],
    ['header', async (section, m) => {
      m.certificate = readCertificate(base64(section.dataset.certificate));
      m.blockHash = await sha256(base64(section.dataset.header));
      if (!same(m.blockHash, m.certificate.blockHash)) {
        throw new Error('the header hashes to ' + hex(m.blockHash).slice(0, 16) +
          '…, the certificate seals ' + hex(m.certificate.blockHash).slice(0, 16) + '…');
      }
      return 'block hash ' + hex(m.blockHash).slice(0, 16) + '…';
    }],
    ['seals', (section, m) => checkSeals(section, m)]
  ];

  async function verify(section) {
    const overall = section.querySelector('#verdict');
    const standard = section.dataset.suite === 'standard' && window.crypto && crypto.subtle;
    let failed = false;
    const material = {};
    show(overall, 'skipped', 'checking…');
    for (const [step, check] of STEPS) {
      const target = verdictOf(section, step);
      if (!standard) {
        show(target, 'skipped', 'not checked in the browser: use the offline verifier');
        continue;
      }
      if (failed) {
        show(target, 'skipped', 'not checked: an earlier step failed');
        continue;
      }
      show(target, 'skipped', 'checking…');
      try {
        show(target, 'ok', 'verified: ' + await check(section, material));
      } catch (error) {
        failed = true;
        show(target, 'bad', 'failed: ' + error.message);
      }
    }
    if (!standard) {
      show(overall, 'skipped', 'not checked in the browser (' + section.dataset.suite + ' suite)');
    } else {
      show(overall, failed ? 'bad' : 'ok', failed ? 'failed' : 'verified');
    }
  }

  function start() {
    const section = document.getElementById('proof');
    if (!section) { return; }
    const again = document.getElementById('verify-again');
    if (again) { again.addEventListener('click', () => { verify(section); }); }
    verify(section);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
