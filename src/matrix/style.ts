/** The matrix's styles, one copy: the page puts them in a <style> element, the report inlines them. */
export const MATRIX_CSS = `
[hidden] { display: none !important; }
body { font-family: system-ui, sans-serif; margin: 0; color: #111; background: #fafafa; }
header.bar { padding: 8px 12px; background: #1d2733; color: #fff; display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
header.bar h1 { font-size: 18px; margin: 0; }
header.bar a { color: #cfe3ff; }
form.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; padding: 8px 12px; background: #eef1f4; align-items: end; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; gap: 2px; }
form.filters input, form.filters select { font-size: 13px; }
.layers, .exports { display: flex; gap: 6px; padding: 6px 12px; align-items: center; flex-wrap: wrap; }
.layers button[aria-pressed="true"] { background: #1d2733; color: #fff; }
.status { padding: 4px 12px; font-size: 13px; }
.status.error { color: #a00000; font-weight: bold; }
.legend { display: flex; gap: 4px; align-items: center; flex-wrap: wrap; font-size: 12px; padding: 4px 12px; }
.swatch { display: inline-block; padding: 2px 6px; font-size: 11px; border: 1px solid #888; }
.matrix { display: flex; gap: 4px; padding: 8px 12px; align-items: flex-start; overflow-x: auto; }
.tactic { flex: 0 0 138px; min-width: 0; }
.tactic h3 { font-size: 12px; margin: 0 0 4px; min-height: 32px; }
.tactic h3 small { display: block; font-weight: normal; color: #555; }
.slot { position: relative; margin-bottom: 2px; }
.cell { display: grid; grid-template-columns: 1fr auto; grid-template-rows: auto auto; width: 100%; text-align: left;
  border: 1px solid #00000033; padding: 2px 4px; font-size: 10px; line-height: 1.2; cursor: pointer; border-radius: 2px; }
.cell .tid { grid-column: 1; font-weight: bold; }
.cell .tname { grid-column: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.cell .num { grid-column: 2; grid-row: 1 / span 2; align-self: center; font-size: 13px; font-weight: bold; padding-left: 4px; }
.cell.sub { margin-left: 10px; width: calc(100% - 10px); }
.cell.nohosts { background-image: repeating-linear-gradient(45deg, transparent 0 4px, #ffffff66 4px 6px); }
.cell.dimmed { opacity: 0.28; }
.cell:focus-visible, .cell:focus { outline: 3px solid #e8590c; outline-offset: 1px; z-index: 1; position: relative; }
.cell.selected { box-shadow: 0 0 0 2px #e8590c inset; }
.toggle { position: absolute; right: -2px; top: -6px; font-size: 9px; padding: 0 3px; border-radius: 6px; border: 1px solid #888; background: #fff; cursor: pointer; z-index: 2; }
.toggle:focus-visible { outline: 3px solid #e8590c; }
aside.panel { position: fixed; right: 0; top: 0; bottom: 0; width: min(520px, 100%); overflow-y: auto; background: #fff;
  border-left: 2px solid #1d2733; padding: 10px 14px; box-shadow: -4px 0 12px #0003; font-size: 13px; z-index: 10; }
aside.panel[hidden] { display: none; }
aside.panel table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
aside.panel th, aside.panel td { border-bottom: 1px solid #ddd; padding: 2px 4px; text-align: left; vertical-align: top; }
aside.panel td.n, aside.panel th.n { text-align: right; }
.report section.block { padding: 6px 12px; }
.report table.data { border-collapse: collapse; font-size: 12px; }
.report table.data th, .report table.data td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
.report table.data td.n { text-align: right; }
.report .figures { display: flex; gap: 18px; flex-wrap: wrap; }
.report .figure { font-size: 28px; font-weight: bold; }
.report .figure small { display: block; font-size: 12px; font-weight: normal; }
dialog.key { max-width: 420px; }
@media print {
  body:not(.report) header.bar, form.filters, .layers, .exports, aside.panel, .toggle { display: none !important; }
  header.bar { background: #fff; color: #000; }
  body { background: #fff; }
  .matrix { flex-wrap: wrap; overflow: visible; }
  .tactic { flex-basis: 118px; break-inside: avoid; }
  .cell { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.block { break-inside: avoid; }
}
`;
