/** The desktop's styles: plain CSS, contrast ≥ 4.5:1 (axe checks it). */
export const styles = `
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #eef1f5; }
.dk-header { display: flex; gap: 16px; align-items: center; background: #12263f; color: #fff; padding: 12px 20px; }
.dk-spacer { flex: 1; }
.dk-main { padding: 20px; max-width: 1200px; margin: auto; }
.dk-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 20px; align-items: start; }
.dk-wide { grid-column: span 2; }
@media (max-width: 800px) { .dk-wide { grid-column: auto; } }
.dk-card { background: #fff; border: 1px solid #c9d1dc; border-radius: 10px; padding: 16px 20px; }
.dk-card h1 { font-size: 1.2rem; margin: 4px 0 12px; }
.dk-card h2 { font-size: 1rem; margin: 16px 0 8px; }
.dk-list { padding-left: 20px; margin: 8px 0; }
.dk-tried li { background: #fff7e0; border-left: 4px solid #b07800; padding: 4px 8px; margin: 4px 0; list-style-position: inside; }
.dk-label { display: block; font-weight: 600; margin: 8px 0 4px; }
.dk-input { box-sizing: border-box; width: 100%; padding: 8px 10px; border: 1px solid #6b6b6b; border-radius: 6px; font: inherit; background: #fff; }
.dk-button { background: #0b57d0; color: #fff; border: 0; border-radius: 6px; padding: 8px 14px; font: inherit; font-weight: 600; cursor: pointer; margin: 8px 8px 0 0; }
.dk-secondary { background: #fff; color: #0b3d91; border: 1px solid #0b57d0; }
.dk-link { color: #0b3d91; }
.dk-link-light { background: none; border: 1px solid #9fb3cc; color: #fff; border-radius: 6px; padding: 4px 10px; font: inherit; cursor: pointer; }
.dk-problem { background: #fdecea; color: #8a1c12; border-radius: 6px; padding: 8px 12px; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.dk-full { grid-column: 1 / -1; }
.dk-filters { display: flex; flex-wrap: wrap; gap: 12px; }
.dk-filter { flex: 1 1 160px; }
.dk-scroll { overflow-x: auto; }
.dk-table { border-collapse: collapse; width: 100%; margin: 12px 0 4px; font-size: 14px; }
.dk-table th, .dk-table td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #c9d1dc; vertical-align: top; }
.dk-table th { background: #f3f5f8; }
.dk-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
