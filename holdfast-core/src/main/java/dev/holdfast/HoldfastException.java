package dev.holdfast;

/**
 * The root of every error Holdfast reports to a user; each subclass is one kind of outcome.
 *
 * <p>A message says what was wrong, the bad value and the fix; messages are API and tests assert them.
 */
public class HoldfastException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HoldfastException(String message) {
    super(message);
  }

  public HoldfastException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A configuration key, file or flag holds a value Holdfast cannot use. */
  public static final class ConfigurationException extends HoldfastException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
      super(message);
    }
  }

  /** An input file cannot be read or mapped onto the canonical model. */
  public static final class InputException extends HoldfastException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
      super(message);
    }

    public InputException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The store cannot be opened, migrated, read or written. */
  public static final class StoreException extends HoldfastException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
