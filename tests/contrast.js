() => {  // text runs below WCAG AA contrast: "ratio element text colour on background"
  function parse(c) { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return {r:p[0], g:p[1], b:p[2], a: p.length > 3 ? p[3] : 1}; }
  function lum(c) { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126*f(c.r) + 0.7152*f(c.g) + 0.0722*f(c.b); }
  function blend(top, bottom) { const a = top.a; return {r: top.r*a + bottom.r*(1-a), g: top.g*a + bottom.g*(1-a), b: top.b*a + bottom.b*(1-a), a: 1}; }
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    let bg = {r:255, g:255, b:255, a:1};
    if (layers.length && layers[layers.length-1].a >= 1) bg = layers.pop();
    while (layers.length) bg = blend(layers.pop(), bg);
    return bg;
  }
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const node = walker.currentNode; const el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el)) continue;
    seen.add(el);
    const cs = getComputedStyle(el); const r = el.getBoundingClientRect();
    if (cs.visibility === "hidden" || cs.display === "none" || r.width === 0 || r.height === 0 || parseFloat(cs.opacity) === 0) continue;
    if (el.closest('.offscreen, .sr-only, script, style, [aria-hidden="true"]')) continue;
    let fg = parse(cs.color); const bg = background(el); fg = blend(fg, bg);
    const L1 = lum(fg), L2 = lum(bg); const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
    const size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < need) bad.push(`${ratio.toFixed(2)} ${el.tagName}.${String(el.className).slice(0,30)} "${node.textContent.trim().slice(0,30)}" ${cs.color} on rgb(${bg.r|0},${bg.g|0},${bg.b|0})`);
  }
  return bad;
}
