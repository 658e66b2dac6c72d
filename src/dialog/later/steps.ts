/**
 * The steps and viewers that load when first shown (the status panel, the template step, "Place fields"
 * with pdf.js, the anchors found in a PDF), imported from this chunk: their `import()` calls carry their
 * stylesheets (vite.config.ts, compactPreloadHelper), and that helper and the list of those stylesheets
 * are then not in the dialog's first load (test/unit/bundle-size.test.ts). Each waits for later/ first,
 * which loads anyway right after the first paint (load-later.ts).
 */
export const statusPanel = () => import('../status/StatusPanel.tsx').then((m) => m.StatusPanel);
export const templateStep = () => import('../template/TemplateStep.tsx').then((m) => m.TemplateStep);
export const fieldsStep = () => import('../fields/FieldsStep.tsx').then((m) => m.FieldsStep);
export const anchors = () => import('../fields/anchors-found.ts');
