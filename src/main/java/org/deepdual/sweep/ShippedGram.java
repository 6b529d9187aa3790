package org.deepdual.sweep;

import java.io.Serializable;
import org.deepdual.solve.linear.GramFactors;

/** {@link GramFactors} as they travel to executors: a plain class, since Kryo cannot build records. */
final class ShippedGram implements Serializable {
    private static final long serialVersionUID = 1L;

    private int n;
    private int d;
    private int k;
    private double[] xtx;
    private double[] xty;
    private double yty;

    ShippedGram() {
        // for Kryo
    }

    static ShippedGram of(GramFactors g) {
        ShippedGram s = new ShippedGram();
        s.n = g.n();
        s.d = g.d();
        s.k = g.k();
        s.xtx = g.xtx();
        s.xty = g.xty();
        s.yty = g.yty();
        return s;
    }

    GramFactors factors() {
        return new GramFactors(n, d, k, xtx, xty, yty);
    }
}
