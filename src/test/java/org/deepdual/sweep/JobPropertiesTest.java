package org.deepdual.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The thread-local properties a sweep sets for its jobs reach the tasks (so that only the cells job counts)
 * and are put back when a phase ends (so that a description does not outlive its phase).
 */
class JobPropertiesTest {
    private final JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SharedSpark.get().sparkContext());

    @Test
    void onlyTasksOfTheMarkedJobCount() {
        CountedJob.mark(jsc.sc(), true);
        try {
            assertEquals(List.of(true, true, true, true), countsInTasks());
        } finally {
            CountedJob.mark(jsc.sc(), false);
        }
        assertEquals(List.of(false, false, false, false), countsInTasks());
    }

    @Test
    void aDescriptionNamesTheJobsOfItsScopeAndThePreviousOneComesBack() {
        SparkContext sc = jsc.sc();
        try (JobDescription outer = JobDescription.of(sc, "sweep q: prepare")) {
            try (JobDescription inner = JobDescription.of(sc, "reduce out")) {
                assertEquals("reduce out", sc.getLocalProperty(JobDescription.PROPERTY));
            }
            assertEquals("sweep q: prepare", sc.getLocalProperty(JobDescription.PROPERTY));
        }
        assertNull(sc.getLocalProperty(JobDescription.PROPERTY));
    }

    private List<Boolean> countsInTasks() {
        return jsc.parallelize(List.of(1, 2, 3, 4), 2).map(i -> CountedJob.counts()).collect();
    }
}
