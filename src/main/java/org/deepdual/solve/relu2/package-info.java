/**
 * Two-layer ReLU networks on general data (docs/theory.md §9): activation patterns, the group-ℓ₁
 * cone program, ADMM and its active-set polish (face classes), column generation by pricing, and
 * the dual certificate.
 */
package org.deepdual.solve.relu2;
