package org.deepdual.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Fashion-MNIST files of the Debian package; skipped when the package is absent. */
class FashionMnistTest {

    @BeforeAll
    static void requireThePackage() {
        Assumptions.assumeTrue(FashionMnist.isInstalled(), "Fashion-MNIST is not installed under "
                + FashionMnist.DEFAULT_DIR + ": apt-get install " + FashionMnist.DEBIAN_PACKAGE);
    }

    @Test
    void bothSplitsHaveTheKnownShapes() {
        List<FashionMnist.Split> splits = FashionMnist.installed(FashionMnist.DEFAULT_DIR);
        assertEquals(2, splits.size());
        assertEquals(new FashionMnist.Split("train", splits.get(0).images(), splits.get(0).labels(), 60000, 784, 10),
                splits.get(0));
        assertEquals(new FashionMnist.Split("test", splits.get(1).images(), splits.get(1).labels(), 10000, 784, 10),
                splits.get(1));
        assertArrayEquals(new int[] {60000, 28, 28}, IdxReader.header(splits.get(0).images()).dims());
    }

    @Test
    void aBalancedSubsampleOfTheTrainingSet() {
        Dataset d = DatasetFactory.build(DatasetSpec.builder("fmnist-small", "idx")
                .path(FashionMnist.DEFAULT_DIR.toString()).perClass(100).seed(1).build());
        assertEquals("1000x784", d.x().shape());
        assertEquals("1000x10", d.y().shape());
        assertArrayEquals(new int[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100},
                d.labels().orElseThrow().counts());
        double sum = 0;
        for (int i = 0; i < d.n(); i++) {
            for (double v : d.x().row(i)) {
                assertTrue(v >= 0 && v <= 1, "pixel in [0, 1]");
                sum += v;
            }
        }
        // the published mean pixel of the training set is 0.2860; 1000 images estimate it to about ±0.005
        assertEquals(0.286, sum / (1000 * 784), 0.02, "mean pixel");
        assertTrue(d.fingerprint().startsWith("idx/v1{images=sha256:"), d.fingerprint());
    }
}
