/**
 * Two-layer ReLU networks on 1-D data with free biases (docs/theory.md §7.2): the ramp Lasso solved
 * by an exact active set, and the linear spline it represents.
 */
package org.deepdual.solve.spline;
