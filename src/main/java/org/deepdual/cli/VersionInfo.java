package org.deepdual.cli;

import org.deepdual.linalg.LinalgBackend;
import org.deepdual.sweep.Provenance;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: deepdual version and commit, Java, Spark and the BLAS/LAPACK in use. */
public final class VersionInfo implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Provenance p = Provenance.current();
        return new String[] {"deepdual " + p.version() + " (commit " + p.commit() + ")", "java " + p.java(),
            "spark " + p.spark(), LinalgBackend.describe()};
    }
}
