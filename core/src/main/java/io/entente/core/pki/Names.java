package io.entente.core.pki;

import io.entente.core.CoreLimits;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Distinguished names: parsing, comparison and quoting in rejection details. */
final class Names {
  private Names() {}

  /**
   * Parses an RFC 4514 style name such as {@code CN=node-1,O=Bank A,C=CN}.
   *
   * @throws IllegalArgumentException if the text is not a name
   */
  static X500Name parse(String name) {
    X500Name parsed = new X500Name(BCStyle.INSTANCE, name);
    if (parsed.getRDNs().length == 0) {
      throw new IllegalArgumentException("empty distinguished name");
    }
    return parsed;
  }

  /**
   * A comparison key for names, following RFC 5280 §7.1 in the way BouncyCastle does: attribute
   * type OIDs, values case-folded with internal spaces collapsed, in the order of the RDNs (values
   * within one multi-valued RDN sorted). Two names match exactly when their keys are equal; the key
   * is a sortable string, so sets of names need no hash iteration.
   */
  static String comparisonKey(X500Name name) {
    StringBuilder key = new StringBuilder();
    for (RDN rdn : name.getRDNs()) {
      List<String> parts = new ArrayList<>();
      for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
        parts.add(
            value.getType().getId()
                + "="
                + IETFUtils.canonicalize(IETFUtils.valueToString(value.getValue())));
      }
      parts.sort(null);
      if (key.length() > 0) {
        key.append(',');
      }
      key.append(String.join("+", parts));
    }
    return key.toString();
  }

  /** The name quoted for a log or rejection detail: control characters escaped, length capped. */
  static String forDetail(X500Name name) {
    return quote(name.toString());
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    int limit = CoreLimits.CERTIFICATE_NAME_IN_DETAIL_CHARS_MAX;
    for (int i = 0; i < text.length(); i++) {
      if (out.length() > limit) {
        out.append("…");
        break;
      }
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"') {
        String hex = Integer.toHexString(c);
        out.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
