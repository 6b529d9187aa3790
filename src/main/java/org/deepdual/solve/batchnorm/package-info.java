/**
 * Batch normalization before the last layer (docs/theory.md §8): the target atoms, reaching them with
 * the earlier layers, and the closed form whose class means form a simplex ETF (Neural Collapse).
 */
package org.deepdual.solve.batchnorm;
