package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.junit.jupiter.api.Test;

class ElementwiseStatsTest {
    /** Spark's array form (ints or doubles, with nulls) gives the statistics the List form gives. */
    @Test
    void sparkArraysGiveTheStatisticsOfLists() {
        Random rnd = new Random(3);
        for (boolean ints : new boolean[] {false, true}) {
            ElementwiseStats fromLists = new ElementwiseStats();
            ElementwiseStats fromArrays = new ElementwiseStats();
            for (int seed = 0; seed < 9; seed++) {
                int n = rnd.nextInt(6);
                Object[] values = new Object[n];
                for (int i = 0; i < n; i++) {
                    if (rnd.nextInt(5) > 0) {
                        values[i] = ints ? (Object) rnd.nextInt(20) : (Object) (rnd.nextGaussian() * 1e3);
                    }
                }
                List<Object> list = new ArrayList<>(Arrays.asList(values));
                fromLists.add(list);
                fromArrays.add(new GenericArrayData(values), ints);
            }
            Double[][] expected = fromLists.stats();
            Double[][] actual = fromArrays.stats();
            for (int s = 0; s < expected.length; s++) {
                assertArrayEquals(expected[s], actual[s]);
            }
        }
    }
}
