/**
 * The co-lending edges: files in and out of the ledger (CSV day files, camt.053 statements) and the
 * activity generator. Nothing here decides a posting or a match; that is the application's job.
 */
package io.entente.colending;
