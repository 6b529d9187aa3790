/** The {@code deepdual} command line (picocli): one subcommand class per command of docs/cli.md. */
package org.deepdual.cli;
