package org.deepdual.bench.solve;

import org.deepdual.data.PlantedReluData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.deepdual.data.Dataset;
import org.deepdual.data.DatasetFactory;
import org.deepdual.data.DatasetSpec;
import org.deepdual.data.FashionMnist;

/**
 * The data sets every benchmark part shares, built once and cached: Gaussian regression
 * (n = 1000, d = 100, scalar y; settings a and f), whitened Fashion-MNIST with one-hot labels
 * (settings b, c, e of docs/theory.md; whitening needs n ≤ d = 784, so at most 78 per class), rank-one
 * data (section 7.1), 1-D data (section 7.2) and the relu2 data (n = 500, d = 20, targets of a planted
 * two-layer ReLU network plus noise, {@link Relu2Benchmark}). When Fashion-MNIST
 * is not installed (Debian package {@value FashionMnist#DEBIAN_PACKAGE}) a Haar-random whitened X of
 * the same shape with balanced one-hot labels stands in, and {@link #fashionMnistNote()} says so.
 */
public final class BenchmarkData {
    public static final String GAUSS = "gauss-1000x100";
    public static final String FMNIST = "fmnist-whitened";
    public static final String RANK_ONE = "rank-one-1000x100";
    public static final String ONE_D = "one-d-200";
    public static final String RELU2 = "planted-relu";
    /** The size of the relu2 issue's benchmark: n = 1000, d = 20. */
    public static final String RELU2_LARGE = "planted-relu-1000x20";

    private final int perClass;
    private final Map<String, Dataset> cache = new LinkedHashMap<>();
    private String fashionMnistNote = "";

    /** @param perClass Fashion-MNIST samples per class (1..78) */
    public BenchmarkData(int perClass) {
        if (perClass < 1 || 10 * perClass > 784) {
            throw new IllegalArgumentException("perClass must be in 1..78 (whitening needs n = 10*perClass <= d = 784),"
                    + " got " + perClass);
        }
        this.perClass = perClass;
    }

    /** The data set named {@code name} (one of the constants). */
    public synchronized Dataset get(String name) {
        Dataset d = cache.get(name);
        if (d == null) {
            d = build(name).get();
            cache.put(name, d);
        }
        return d;
    }

    public int perClass() {
        return perClass;
    }

    /** Empty when real Fashion-MNIST was used, otherwise what stood in for it. */
    public synchronized String fashionMnistNote() {
        return fashionMnistNote;
    }

    private Supplier<Dataset> build(String name) {
        return switch (name) {
            case GAUSS -> () -> DatasetFactory.build(DatasetSpec.builder(GAUSS, "gaussian").n(1000).d(100).outputs(1)
                    .seed(1).build());
            case RELU2 -> () -> PlantedReluData.generate(500, 20, 2);
            case RELU2_LARGE -> () -> PlantedReluData.generate(1000, 20, 2);
            case RANK_ONE -> () -> DatasetFactory.build(DatasetSpec.builder(RANK_ONE, "rank-one").n(1000).d(100)
                    .outputs(1).seed(3).build());
            case ONE_D -> () -> DatasetFactory.build(DatasetSpec.builder(ONE_D, "one-d").n(200).outputs(1).seed(4)
                    .build());
            case FMNIST -> this::fashionMnist;
            default -> throw new IllegalArgumentException("unknown benchmark data set '" + name + "'");
        };
    }

    private Dataset fashionMnist() {
        if (FashionMnist.isInstalled()) {
            return DatasetFactory.build(DatasetSpec.builder(FMNIST, "idx")
                    .path(FashionMnist.DEFAULT_DIR.toString()).split("train").perClass(perClass).seed(5).whiten(true)
                    .build());
        }
        fashionMnistNote = "Fashion-MNIST is not installed (apt-get install -y " + FashionMnist.DEBIAN_PACKAGE
                + "): a Haar-random whitened " + (10 * perClass) + " x 784 X with balanced one-hot labels stands in";
        return DatasetFactory.build(DatasetSpec.builder(FMNIST, "whitened").n(10 * perClass).d(784)
                .targets("onehot").classes(10).outputs(10).seed(5).build());
    }
}
