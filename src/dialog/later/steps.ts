/**
 * The steps and viewers that load when first shown ("Place fields" with pdf.js, the anchors found in a
 * PDF), imported from this chunk: their `import()` calls carry their stylesheets (vite.config.ts,
 * compactPreloadHelper), and that list of stylesheets is then not in the dialog's first load
 * (test/unit/bundle-size.test.ts). Each waits for later/ first, which loads anyway right after the first
 * paint (load-later.ts). The status panel (StatusPanel.tsx here) and the template step (TemplateOpen.tsx)
 * render from this chunk and import their modules themselves.
 */
export const fieldsStep = () => import('../fields/FieldsStep.tsx').then((m) => m.FieldsStep);
export const anchors = () => import('../fields/anchors-found.ts');
