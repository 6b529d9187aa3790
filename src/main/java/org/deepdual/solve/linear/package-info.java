/**
 * Deep linear networks (docs/theory.md §4 and §5): the ridge path and its secular equation for scalar
 * output, the nuclear-norm bound and the Schatten proximal gradient for vector output on general X.
 */
package org.deepdual.solve.linear;
