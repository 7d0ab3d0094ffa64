package dev.flowmap.train;

import dev.flowmap.eval.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything needed to continue a run or sample from it: the resolved config (YAML), the step,
 * the weights, the optimizer's state, the EMA, and the {@link Platform} that wrote it (null in
 * checkpoints from before it was recorded). The random state is the step itself, since
 * every batch is drawn from (seed, step). The Fourier frequencies of x (model.fourier), fixed
 * during training, are saved after the EMA (from version 3 of the format; none before), and after
 * them the digest of LSD's frozen teacher ({@code loss.teacher}; "" for none, and in files before
 * version 4), so that a resume can refuse a teacher that changed, and after it the run's rollbacks
 * so far ({@code optim.rollback_norm}; 0 in files before version 5), which set its learning-rate
 * factor. The platform's OpenBLAS core follows its CPU from version 6 ({@link Platform#UNRECORDED}
 * before), and after the rollbacks the moving averages of LSD's adaptive gap bins
 * ({@code loss.adaptive_bins}; none in files before version 7, or without them). Written atomically (temporary
 * file, then rename) with a CRC-32 at the end, so a crash never leaves a file that loads wrongly.
 */
public record Checkpoint(String configYaml, long step, INDArray params, List<INDArray> optimizerState,
                         INDArray ema, Platform platform, double[] fourier, String teacherDigest,
                         int rollbacks, double[] gapBins) {
  /** The file name inside a run directory. */
  public static final String FILE = "checkpoint.bin";
  private static final long MAGIC_1 = 0x464c4f574d415031L; // "FLOWMAP1": without the platform
  private static final long MAGIC_2 = 0x464c4f574d415032L; // "FLOWMAP2": without the Fourier frequencies
  private static final long MAGIC_3 = 0x464c4f574d415033L; // "FLOWMAP3": without the teacher digest
  private static final long MAGIC_4 = 0x464c4f574d415034L; // "FLOWMAP4": without the rollbacks
  private static final long MAGIC_5 = 0x464c4f574d415035L; // "FLOWMAP5": without the OpenBLAS core
  private static final long MAGIC_6 = 0x464c4f574d415036L; // "FLOWMAP6": without the gap bins
  private static final long MAGIC = 0x464c4f574d415037L; // "FLOWMAP7"

  /** A checkpoint that does not say where it was written. */
  public Checkpoint(String configYaml, long step, INDArray params, List<INDArray> optimizerState,
                    INDArray ema) {
    this(configYaml, step, params, optimizerState, ema, null);
  }

  /** A checkpoint of a network without Fourier features. */
  public Checkpoint(String configYaml, long step, INDArray params, List<INDArray> optimizerState,
                    INDArray ema, Platform platform) {
    this(configYaml, step, params, optimizerState, ema, platform, new double[0]);
  }

  /** A checkpoint of a run without a frozen teacher. */
  public Checkpoint(String configYaml, long step, INDArray params, List<INDArray> optimizerState,
                    INDArray ema, Platform platform, double[] fourier) {
    this(configYaml, step, params, optimizerState, ema, platform, fourier, "");
  }

  /** A checkpoint of a run that has not rolled back. */
  public Checkpoint(String configYaml, long step, INDArray params, List<INDArray> optimizerState,
                    INDArray ema, Platform platform, double[] fourier, String teacherDigest) {
    this(configYaml, step, params, optimizerState, ema, platform, fourier, teacherDigest, 0);
  }

  /** A checkpoint of a run without adaptive gap bins. */
  public Checkpoint(String configYaml, long step, INDArray params, List<INDArray> optimizerState,
                    INDArray ema, Platform platform, double[] fourier, String teacherDigest,
                    int rollbacks) {
    this(configYaml, step, params, optimizerState, ema, platform, fourier, teacherDigest, rollbacks,
        new double[0]);
  }

  /** Writes this checkpoint to {@code file} atomically. */
  public void write(Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(MAGIC);
      byte[] yaml = configYaml.getBytes(StandardCharsets.UTF_8);
      out.writeInt(yaml.length);
      out.write(yaml);
      out.writeLong(step);
      Platform p = platform != null ? platform
          : new Platform("unknown", "unknown", "unknown", "unknown");
      out.writeUTF(p.elementwisePath());
      out.writeUTF(p.jdk());
      out.writeUTF(p.cpu());
      out.writeUTF(p.blasCore());
      writeArray(out, params);
      out.writeInt(optimizerState.size());
      for (INDArray a : optimizerState) {
        writeArray(out, a);
      }
      out.writeBoolean(ema != null);
      if (ema != null) {
        writeArray(out, ema);
      }
      out.writeInt(fourier.length);
      for (double f : fourier) {
        out.writeDouble(f);
      }
      out.writeUTF(teacherDigest);
      out.writeInt(rollbacks);
      out.writeInt(gapBins.length);
      for (double m : gapBins) {
        out.writeDouble(m);
      }
    }
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    new DataOutputStream(bytes).writeLong(crc.getValue());
    AtomicFiles.write(file, bytes.toByteArray());
  }

  /**
   * Reads a checkpoint written by {@link #write}.
   *
   * @throws CheckpointException naming the file when it is missing, truncated or corrupt
   */
  public static Checkpoint read(Path file) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CheckpointException("checkpoint not found: " + file);
    } catch (IOException e) {
      throw new CheckpointException("cannot read checkpoint " + file + ": " + e.getMessage());
    }
    if (all.length < 16) {
      throw new CheckpointException("corrupt checkpoint " + file + ": only " + all.length + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new CheckpointException("corrupt checkpoint " + file + ": checksum mismatch");
    }
    try (DataInputStream in = new DataInputStream(
        new ByteArrayInputStream(Arrays.copyOf(all, all.length - 8)))) {
      long magic = in.readLong();
      if (magic != MAGIC && magic != MAGIC_6 && magic != MAGIC_5 && magic != MAGIC_4 && magic != MAGIC_3
          && magic != MAGIC_2 && magic != MAGIC_1) {
        throw new CheckpointException("not a flowmap checkpoint: " + file);
      }
      int yamlLength = in.readInt();
      if (yamlLength < 0 || yamlLength > in.available()) {
        throw new IOException("bad config length " + yamlLength + " with " + in.available()
            + " bytes left");
      }
      byte[] yaml = new byte[yamlLength];
      in.readFully(yaml);
      long step = in.readLong();
      Platform platform = magic != MAGIC_1
          ? new Platform(in.readUTF(), in.readUTF(), in.readUTF(),
              magic == MAGIC || magic == MAGIC_6 ? in.readUTF() : Platform.UNRECORDED) : null;
      INDArray params = readArray(in);
      int n = in.readInt();
      List<INDArray> state = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        state.add(readArray(in));
      }
      INDArray ema = in.readBoolean() ? readArray(in) : null;
      boolean v6 = magic == MAGIC || magic == MAGIC_6;
      int frequencies = v6 || magic == MAGIC_5 || magic == MAGIC_4 || magic == MAGIC_3
          ? in.readInt() : 0;
      if (frequencies < 0 || frequencies > 1024) {
        throw new IOException("bad Fourier frequency count " + frequencies);
      }
      double[] fourier = new double[frequencies];
      for (int i = 0; i < fourier.length; i++) {
        fourier[i] = in.readDouble();
      }
      String teacher = v6 || magic == MAGIC_5 || magic == MAGIC_4 ? in.readUTF() : "";
      int rollbacks = v6 || magic == MAGIC_5 ? in.readInt() : 0;
      if (rollbacks < 0 || rollbacks > 64) {
        throw new IOException("bad rollback count " + rollbacks);
      }
      int bins = magic == MAGIC ? in.readInt() : 0;
      if (bins < 0 || bins > 1024) {
        throw new IOException("bad adaptive gap bin count " + bins);
      }
      double[] gapBins = new double[bins];
      for (int i = 0; i < bins; i++) {
        gapBins[i] = in.readDouble();
      }
      if (in.available() != 0) {
        throw new IOException(in.available() + " bytes after the end of the last array");
      }
      return new Checkpoint(new String(yaml, StandardCharsets.UTF_8), step, params, state, ema,
          platform, fourier, teacher, rollbacks, gapBins);
    } catch (IOException | RuntimeException e) {
      if (e instanceof CheckpointException ce) {
        throw ce;
      }
      // an EOFException has no message: the data ended inside a field
      String why = e.getMessage() != null ? e.getMessage()
          : e instanceof java.io.EOFException ? "it ends inside a field" : "unreadable data";
      throw new CheckpointException("corrupt checkpoint " + file + ": " + why);
    }
  }

  private static void writeArray(DataOutputStream out, INDArray a) throws IOException {
    boolean dbl = a.dataType() == DataType.DOUBLE;
    out.writeBoolean(dbl);
    out.writeLong(a.length());
    INDArray flat = a.reshape(a.length());
    if (dbl) {
      for (double v : flat.toDoubleVector()) {
        out.writeDouble(v);
      }
    } else {
      for (float v : flat.toFloatVector()) {
        out.writeFloat(v);
      }
    }
  }

  /** Reads one array; {@code in} must read from memory, so that {@code available()} is what is left. */
  private static INDArray readArray(DataInputStream in) throws IOException {
    boolean dbl = in.readBoolean();
    long n = in.readLong();
    // bounded by the bytes left, so a damaged length cannot ask for gigabytes (OutOfMemoryError)
    if (n < 0 || n > in.available() / (dbl ? Double.BYTES : Float.BYTES)) {
      throw new IOException("bad array length " + n + " with " + in.available() + " bytes left");
    }
    if (dbl) {
      double[] v = new double[(int) n];
      for (int i = 0; i < n; i++) {
        v[i] = in.readDouble();
      }
      return Nd4j.createFromArray(v);
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readFloat();
    }
    return Nd4j.createFromArray(v);
  }
}
