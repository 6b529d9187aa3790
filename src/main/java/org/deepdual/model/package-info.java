/**
 * The shared vocabulary of deepdual: a {@link org.deepdual.model.Problem} (setting, objective, β, depth),
 * the explicit {@link org.deepdual.model.Network} with its forward pass and
 * {@link org.deepdual.model.ForwardObjective}, and the {@link org.deepdual.model.Solution} with its
 * {@link org.deepdual.model.Status} and certificate (docs/theory.md §1). Depends on linalg only; solve,
 * stats and train meet here instead of in each other.
 */
package org.deepdual.model;
