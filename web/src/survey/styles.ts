/** The survey page's styles: plain CSS, large touch targets (it is opened from a phone), contrast ≥ 4.5:1. */
export const styles = `
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #eef1f5; }
.sv-card { max-width: 640px; margin: 24px auto; background: #fff; border: 1px solid #c9d1dc; border-radius: 12px; padding: 20px 24px; }
.sv-card h1 { font-size: 1.4rem; margin: 0 0 8px; }
.sv-hint { color: #4a4a4a; margin: 0 0 16px; }
.sv-field { border: 0; margin: 0 0 20px; padding: 0; }
.sv-label { display: block; font-weight: 600; margin-bottom: 8px; }
.sv-choices { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.sv-choice { display: inline-flex; align-items: center; gap: 4px; min-width: 44px; min-height: 44px; padding: 0 10px; border: 1px solid #6b6b6b; border-radius: 8px; cursor: pointer; }
.sv-choice:has(input:checked) { background: #0b57d0; color: #fff; border-color: #0b57d0; }
.sv-scale-end { font-size: 0.85rem; color: #4a4a4a; }
.sv-input { box-sizing: border-box; width: 100%; padding: 8px 10px; border: 1px solid #6b6b6b; border-radius: 6px; font: inherit; }
.sv-button { background: #0b57d0; color: #fff; border: 0; border-radius: 8px; padding: 10px 18px; font: inherit; font-weight: 600; cursor: pointer; }
.sv-button[disabled] { background: #5a6b85; }
.sv-error, .sv-problem { color: #8a1c12; }
.sv-problem { background: #fdecea; border-radius: 6px; padding: 8px 12px; }
.sv-end { font-size: 1.1rem; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
`;
