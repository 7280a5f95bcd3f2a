/**
 * The widget's styles, scoped by the `sw-` prefix so that a brand's page and the widget do not
 * restyle each other. Colours keep a contrast of at least 4.5:1 (WCAG AA; axe checks it).
 */
export const styles = `
.sw-root { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; }
.sw-panel { background: #fff; border: 1px solid #c4c4c4; border-radius: 12px; padding: 16px 20px; max-width: 440px; box-shadow: 0 6px 24px rgba(0,0,0,.12); }
.sw-floating { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; }
.sw-floating .sw-panel { margin-bottom: 12px; max-height: 75vh; overflow: auto; }
.sw-heading { font-size: 1.25rem; margin: 4px 0 12px; outline: none; overflow-wrap: anywhere; }
.sw-subheading { font-size: 1rem; margin: 16px 0 8px; }
.sw-label { display: block; font-weight: 600; margin: 8px 0 4px; }
.sw-input { box-sizing: border-box; width: 100%; padding: 10px 12px; border: 1px solid #6b6b6b; border-radius: 8px; font: inherit; }
.sw-input:focus, .sw-button:focus-visible, .sw-result:focus-visible, .sw-link:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.sw-list { list-style: none; padding: 0; margin: 8px 0; display: grid; gap: 8px; }
.sw-result { display: grid; gap: 2px; width: 100%; text-align: left; background: #f5f7fb; border: 1px solid #d0d7e2; border-radius: 8px; padding: 10px 12px; font: inherit; color: inherit; cursor: pointer; }
.sw-result-title { font-weight: 600; color: #0b3d91; }
.sw-button { background: #0b57d0; color: #fff; border: 0; border-radius: 8px; padding: 10px 16px; font: inherit; font-weight: 600; cursor: pointer; margin: 8px 8px 0 0; }
.sw-button[disabled] { background: #5f6b7a; cursor: wait; }
.sw-secondary { background: #fff; color: #0b3d91; border: 1px solid #0b57d0; }
.sw-link { background: none; border: 0; color: #0b3d91; text-decoration: underline; font: inherit; padding: 0; cursor: pointer; }
.sw-muted { color: #4a4a4a; font-size: .9rem; display: block; }
.sw-problem { background: #fdecea; color: #8a1c12; border-radius: 8px; padding: 8px 12px; }
.sw-error { color: #a3190c; font-size: .9rem; display: block; min-height: 1em; }
.sw-fieldset { border: 0; padding: 0; margin: 8px 0; }
.sw-fieldset legend { font-weight: 600; margin-bottom: 4px; }
.sw-choice { display: block; margin: 4px 0; }
.sw-field { margin: 8px 0; }
.sw-article-body p, .sw-article-body li { margin: 6px 0; }
.sw-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.sw-launcher { background: #0b57d0; color: #fff; border: 0; border-radius: 999px; padding: 12px 20px; font: inherit; font-weight: 600; cursor: pointer; float: right; }
`;
