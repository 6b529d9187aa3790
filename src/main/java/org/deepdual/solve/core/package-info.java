/**
 * What every solver family stands on: the {@link org.deepdual.solve.core.DualSolver} interface and its
 * prepared data, and scalar machinery that more than one family uses (the power prox of docs/theory.md
 * §2, the reduced tc problem, the aligned factorization, the shrinkage dual bound, an updated QR).
 * Imports no family.
 */
package org.deepdual.solve.core;
