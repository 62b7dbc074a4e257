package io.entente.colending.dayfile;

import io.entente.colending.EdgeLimits;
import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Stream wrappers that enforce the day file limits while Commons CSV reads, so an oversized file or
 * a line without end is refused after reading at most a limit's worth, never buffered whole.
 */
final class BoundedInput {
  private BoundedInput() {}

  /** A limit was exceeded; carries the reason and the physical line where it happened. */
  static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;
    final LineError.Reason reason;
    final long line;

    LimitExceeded(LineError.Reason reason, long line, String detail) {
      super(detail);
      this.reason = reason;
      this.line = line;
    }
  }

  /** Counts bytes; fails once more than {@code DAY_FILE_BYTES_MAX} have been read. */
  static final class Bytes extends FilterInputStream {
    private final long max;
    private long count;

    Bytes(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws IOException {
      count += n;
      if (count > max) {
        throw new LimitExceeded(
            LineError.Reason.FILE_TOO_LARGE,
            0,
            "the file is larger than DAY_FILE_BYTES_MAX = " + max + " bytes");
      }
    }
  }

  /**
   * Counts characters per physical line; fails on a line longer than {@code
   * DAY_FILE_LINE_CHARS_MAX}. Also drops a leading byte order mark, which spreadsheet programs
   * write.
   */
  static final class Lines extends FilterReader {
    private long line = 1;
    private int lineChars;
    private boolean first = true;

    Lines(Reader in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      char[] one = new char[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0 && first) {
        first = false;
        if (buffer[offset] == '\uFEFF') {
          System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
          n--;
          if (n == 0) {
            return read(buffer, offset, length);
          }
        }
      }
      for (int i = offset; i < offset + Math.max(n, 0); i++) {
        count(buffer[i]);
      }
      return n;
    }

    private void count(char c) throws LimitExceeded {
      if (c == '\n') {
        line++;
        lineChars = 0;
        return;
      }
      lineChars++;
      if (lineChars > EdgeLimits.DAY_FILE_LINE_CHARS_MAX) {
        throw new LimitExceeded(
            LineError.Reason.LINE_TOO_LONG,
            line,
            "the line is longer than DAY_FILE_LINE_CHARS_MAX = "
                + EdgeLimits.DAY_FILE_LINE_CHARS_MAX
                + " characters");
      }
    }
  }
}
