package dev.flowmap.train;

import dev.flowmap.config.RunConfig;
import dev.flowmap.model.FlowMapMlp;
import java.nio.ByteBuffer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * LSD's frozen teacher ({@code loss.teacher}): the network of another run's checkpoint, its EMA
 * weights when it has them, never trained here. Its size, activation and Fourier features are its
 * own; its data section must match the run's, since its velocity is the target of this run's
 * map. The digest (SHA-256 of the weights' float bits and the Fourier frequencies) goes into the
 * checkpoint, so that a resume can tell whether the teacher file changed.
 *
 * @param path   as the config names it
 * @param net    the teacher's weights, in the student's dtype, running on the student's ops
 * @param digest hex SHA-256 of the weights used
 */
public record Teacher(String path, FlowMapMlp net, String digest) {
  /**
   * The teacher {@code c} names for {@code student} (whose dtype and ops it takes), or null when
   * it names none.
   *
   * @throws CheckpointException naming {@code loss.teacher} and the path when it cannot be
   *     read or was trained on other data
   */
  public static Teacher load(RunConfig c, FlowMapMlp student) {
    String path = c.loss().teacher();
    if (path.isEmpty()) {
      return null;
    }
    CheckpointModel m;
    try {
      m = CheckpointModel.load(Path.of(path), ComputeContext.create(student.ops()));
    } catch (CheckpointException | InvalidPathException e) {
      throw new CheckpointException("loss.teacher " + path + ": " + e.getMessage());
    }
    if (!m.config().data().equals(c.data())) {
      throw new CheckpointException("loss.teacher " + path + ": trained on other data ("
          + m.config().data() + ", this run " + c.data() + "); the teacher's data section must match");
    }
    FlowMapMlp w = m.ema();
    DataType dtype = student.dtype();
    FlowMapMlp net = w.dtype() == dtype ? w : w.withParams(w.params().castTo(dtype));
    return new Teacher(path, net, digest(w));
  }

  /** SHA-256 of the weights as floats and the Fourier frequencies, in hex. */
  static String digest(FlowMapMlp w) {
    float[] p = w.params().castTo(DataType.FLOAT).toFloatVector();
    double[] f = w.fourier().frequencies();
    ByteBuffer bytes = ByteBuffer.allocate(4 * p.length + 8 * f.length);
    for (float v : p) {
      bytes.putFloat(v);
    }
    for (double v : f) {
      bytes.putDouble(v);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Refuses a resume whose teacher is not the one the checkpoint was trained with: {@code
   * recorded} is the digest the checkpoint holds ("" when it had no teacher, which any teacher may
   * follow).
   */
  static void checkResume(Teacher now, String recorded, Path dir) {
    if (now != null && !recorded.isEmpty() && !recorded.equals(now.digest)) {
      throw new CheckpointException("cannot resume " + dir + ": the teacher " + now.path
          + " changed since the checkpoint (weights digest " + recorded.substring(0, 12) + " then, "
          + now.digest.substring(0, 12) + " now); restore that teacher, or start afresh with"
          + " another --out");
    }
  }
}
