/**
 * Deep ReLU networks on rank-one data X = caᵀ (docs/theory.md §7.1): the exact two-path optimum.
 */
package org.deepdual.solve.rankone;
