package org.deepdual.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A parsed numeric CSV file: the data rows (all of one length, all finite) and, for messages, the
 * file line each row came from.
 *
 * @param file the file
 * @param header the header fields, empty when the file has none
 * @param rows the values, row by row
 * @param lines the 1-based file line of each row
 */
record CsvTable(Path file, List<String> header, double[][] rows, int[] lines) {

    int columns() {
        return rows[0].length;
    }
}
