/** The {@code deepdual} command line (picocli): one subcommand class per command of contracts.md section 7. */
package org.deepdual.cli;
