package dev.flowmap.train;

/** A run directory cannot be created or written, or already holds a run: a user error. */
public final class RunDirectoryException extends RuntimeException {
  public RunDirectoryException(String message) {
    super(message);
  }

  /** Why {@code e} happened, in words and naming the file, without the exception's class name. */
  public static String reason(java.io.IOException e) {
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " exists and is not a directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (e instanceof java.nio.file.NoSuchFileException f) {
      return "no such file or directory: " + f.getFile();
    }
    return e.getMessage();
  }
}
