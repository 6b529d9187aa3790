package org.deepdual.stats;

import java.io.Serializable;
import org.deepdual.linalg.Matrix;

/**
 * Per-class first and second moments of feature vectors h ∈ R^m, as Neural Collapse needs them
 * (docs/theory.md §10): the count n_k and mean μ_k of every class, and the pooled within-class
 * scatter {@code S_W = Σ_i (h_i − μ_{y_i})(h_i − μ_{y_i})ᵀ} (unnormalised, so Σ_W = S_W/n).
 *
 * <p>Numerically stable: samples enter by Welford's update and blocks by a two-pass (centred)
 * computation, and two accumulators merge by Chan's update
 * {@code n = n_a + n_b, δ_k = μ_{b,k} − μ_{a,k}, μ_k = μ_{a,k} + δ_k n_{b,k}/n_k,
 * S_W = S_{W,a} + S_{W,b} + Σ_k (n_{a,k} n_{b,k}/n_k) δ_k δ_kᵀ}, so the scatter is never formed as
 * E[hhᵀ] − E[h]E[h]ᵀ, which cancels catastrophically when the within-class spread is small next to
 * the means. Merging is associative and commutative up to rounding, so the same code serves one
 * cell and features spread over partitions; classes may be empty in a part.
 *
 * <p>Mutable (merge and add write into this accumulator and return it, as a Spark aggregation
 * expects) and {@link Serializable}.
 */
public final class ClassMomentsAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int classes;
    private final int dim;
    private final long[] counts;
    /** Row k (entries k·dim .. k·dim+dim−1) is μ_k. */
    private final double[] means;
    /** dim × dim column-major, symmetric. */
    private final double[] scatter;

    /** An empty accumulator for {@code classes} classes of {@code dim}-dimensional features. */
    public ClassMomentsAccumulator(int classes, int dim) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        if ((long) dim * dim > Integer.MAX_VALUE - 8 || (long) classes * dim > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dim " + dim + " with " + classes + " classes is too large");
        }
        this.classes = classes;
        this.dim = dim;
        this.counts = new long[classes];
        this.means = new double[classes * dim];
        this.scatter = new double[dim * dim];
    }

    /** The moments of the rows of {@code features} (n × m) with class labels {@code labels[i]} in 0..classes−1. */
    public static ClassMomentsAccumulator of(Matrix features, int[] labels, int classes) {
        return new ClassMomentsAccumulator(classes, features.cols()).addAll(features, labels);
    }

    /**
     * The moments given by their parts, e.g. as they travelled between JVMs: the counts n_k, the class
     * means (dim × K, column k = μ_k) and the within-class scatter S_W (dim × dim, symmetrised here).
     */
    public static ClassMomentsAccumulator of(long[] counts, Matrix classMeans, Matrix withinScatter) {
        int k = counts.length;
        int dim = classMeans.rows();
        if (classMeans.cols() != k) {
            throw new IllegalArgumentException("class means are " + classMeans.shape() + " for " + k + " class counts");
        }
        if (withinScatter.rows() != dim || withinScatter.cols() != dim) {
            throw new IllegalArgumentException("within-class scatter is " + withinScatter.shape() + ", expected " + dim
                    + "x" + dim);
        }
        ClassMomentsAccumulator m = new ClassMomentsAccumulator(k, dim);
        for (int c = 0; c < k; c++) {
            if (counts[c] < 0) {
                throw new IllegalArgumentException("class " + c + " has count " + counts[c]);
            }
            m.counts[c] = counts[c];
        }
        System.arraycopy(classMeans.toColumnMajor(), 0, m.means, 0, m.means.length);
        double[] s = withinScatter.toColumnMajor();
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < dim; b++) {
                m.scatter[a + b * dim] = 0.5 * (s[a + b * dim] + s[b + a * dim]);
            }
        }
        return m;
    }

    /**
     * The moments of the features h = Pᵀx of the same samples under the linear map {@code p} (dim × m),
     * e.g. the penultimate features X·P of a deep linear network, P = W_1⋯W_{L−1}: the counts are the
     * same, μ_k(h) = Pᵀμ_k and S_W(h) = Pᵀ S_W P, exactly (docs/theory.md §10), so statistics of the
     * features need no pass over the samples.
     */
    public ClassMomentsAccumulator linearImage(Matrix p) {
        if (p.rows() != dim) {
            throw new IllegalArgumentException("linear map is " + p.shape() + ", expected " + dim + " rows");
        }
        Matrix sp = withinScatter().times(p);
        return of(counts.clone(), p.transposeTimes(classMeans()), p.transposeTimes(sp));
    }

    /** Adds one sample of class {@code label} (Welford's update). */
    public ClassMomentsAccumulator add(int label, double[] h) {
        checkLabel(label);
        if (h.length != dim) {
            throw new IllegalArgumentException("feature vector has " + h.length + " entries, expected " + dim);
        }
        long n = ++counts[label];
        int off = label * dim;
        double[] delta = new double[dim];
        for (int j = 0; j < dim; j++) {
            delta[j] = h[j] - means[off + j];
            means[off + j] += delta[j] / n;
        }
        // δ(h − μ_new)ᵀ = δδᵀ(n−1)/n, written in the symmetric form so S_W stays exactly symmetric
        addOuter(delta, (n - 1.0) / n);
        return this;
    }

    /**
     * Adds the rows of {@code features} with labels {@code labels}: each class's block is reduced by
     * a two-pass (centred) computation and merged in by Chan's update.
     */
    public ClassMomentsAccumulator addAll(Matrix features, int[] labels) {
        if (features.cols() != dim) {
            throw new IllegalArgumentException("features are " + features.shape() + ", expected " + dim + " columns");
        }
        if (features.rows() != labels.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + features.rows() + " feature rows");
        }
        int[] blockCounts = new int[classes];
        for (int label : labels) {
            checkLabel(label);
            blockCounts[label]++;
        }
        ClassMomentsAccumulator block = new ClassMomentsAccumulator(classes, dim);
        for (int k = 0; k < classes; k++) {
            if (blockCounts[k] > 0) {
                block.setClassBlock(k, features.selectRows(indicesOf(labels, k, blockCounts[k])));
            }
        }
        return merge(block);
    }

    /** Merges {@code other} into this accumulator (Chan's update); {@code other} is unchanged. */
    public ClassMomentsAccumulator merge(ClassMomentsAccumulator other) {
        if (other.classes != classes || other.dim != dim) {
            throw new IllegalArgumentException("cannot merge moments of " + other.classes + " classes x " + other.dim
                    + " dims into " + classes + " classes x " + dim + " dims");
        }
        for (int i = 0; i < scatter.length; i++) {
            scatter[i] += other.scatter[i];
        }
        double[] delta = new double[dim];
        for (int k = 0; k < classes; k++) {
            long na = counts[k];
            long nb = other.counts[k];
            if (nb == 0) {
                continue;
            }
            int off = k * dim;
            if (na == 0) {
                System.arraycopy(other.means, off, means, off, dim);
                counts[k] = nb;
                continue;
            }
            long n = na + nb;
            for (int j = 0; j < dim; j++) {
                delta[j] = other.means[off + j] - means[off + j];
                means[off + j] += delta[j] * ((double) nb / n);
            }
            addOuter(delta, (double) na * nb / n);
            counts[k] = n;
        }
        return this;
    }

    /** An independent copy. */
    public ClassMomentsAccumulator copy() {
        return new ClassMomentsAccumulator(classes, dim).merge(this);
    }

    public int classes() {
        return classes;
    }

    public int dim() {
        return dim;
    }

    /** n_k. */
    public long count(int k) {
        checkLabel(k);
        return counts[k];
    }

    /** n = Σ_k n_k. */
    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** μ_k (zeros for a class with no sample). */
    public double[] mean(int k) {
        checkLabel(k);
        double[] m = new double[dim];
        System.arraycopy(means, k * dim, m, 0, dim);
        return m;
    }

    /** [μ_1, …, μ_K] as an m × K matrix. */
    public Matrix classMeans() {
        double[] colMajor = means.clone();
        return Matrix.ofColumnMajor(dim, classes, colMajor);
    }

    /** S_W = Σ_i (h_i − μ_{y_i})(h_i − μ_{y_i})ᵀ (m × m, unnormalised). */
    public Matrix withinScatter() {
        return Matrix.ofColumnMajor(dim, dim, scatter);
    }

    private void setClassBlock(int k, Matrix rows) {
        int n = rows.rows();
        int off = k * dim;
        double[] centred = rows.toColumnMajor();
        for (int j = 0; j < dim; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += centred[i + j * n];
            }
            double mean = s / n;
            double correction = 0;
            for (int i = 0; i < n; i++) {
                correction += centred[i + j * n] - mean;
            }
            // second pass of the corrected two-pass algorithm: the residual sum fixes the mean's rounding
            mean += correction / n;
            means[off + j] = mean;
            for (int i = 0; i < n; i++) {
                centred[i + j * n] -= mean;
            }
        }
        Matrix c = Matrix.ofColumnMajor(n, dim, centred);
        double[] s = c.transposeTimes(c).toColumnMajor();
        for (int a = 0; a < dim; a++) {
            for (int b = 0; b < dim; b++) {
                scatter[a + b * dim] += 0.5 * (s[a + b * dim] + s[b + a * dim]);
            }
        }
        counts[k] = n;
    }

    private void addOuter(double[] delta, double weight) {
        // one increment per unordered pair keeps S_W exactly symmetric
        for (int b = 0; b < dim; b++) {
            double db = delta[b] * weight;
            if (db == 0.0) {
                continue;
            }
            for (int a = 0; a <= b; a++) {
                double v = delta[a] * db;
                scatter[a + b * dim] += v;
                if (a != b) {
                    scatter[b + a * dim] += v;
                }
            }
        }
    }

    private static int[] indicesOf(int[] labels, int k, int count) {
        int[] idx = new int[count];
        int p = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == k) {
                idx[p++] = i;
            }
        }
        return idx;
    }

    private void checkLabel(int label) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
        }
    }
}
