/**
 * Deep ReLU networks on whitened data, XXᵀ = I (docs/theory.md §6): the closed form over the paths
 * y₊ and y₋ (scalar) or the columns of a one-hot Y.
 */
package org.deepdual.solve.whitened;
