/**
 * Data sets a study can name: seeded generators, IDX and CSV loaders, preprocessing (centering,
 * scaling, whitening) and input validation. Pure Java on {@code linalg}; never imports Spark.
 */
package org.deepdual.data;
