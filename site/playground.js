// playground.js: the controls of index.html. Every control writes one key of
// the URL hash and hands the whole hash to the stage (depthraceHost.navigate),
// which validates it in Go; the controls then show the normalized values that
// come back. JavaScript never checks a value itself.
"use strict";

(() => {
  const host = window.depthraceHost;
  const hook = window.depthrace;
  const $ = (id) => document.getElementById(id);
  const form = $("controls");
  const laneBoxes = [...form.querySelectorAll('input[name="lane"]')];

  // Slider scales. Width: position 0 is width 0 (as wide as the algorithm
  // wants), position p ≥ 1 is 2^(p-1). Diffusion steps: position p is 2^p.
  // Speed: a short ladder of serial steps per second.
  const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
  const widthAt = (p) => (p === 0 ? 0 : 2 ** (p - 1));
  const widthPos = (w) => (w <= 0 ? 0 : Math.min(25, Math.round(Math.log2(w)) + 1));
  const stepsAt = (p) => 2 ** p;
  const stepsPos = (k) => Math.max(0, Math.min(12, Math.round(Math.log2(Math.max(1, k)))));
  const nearest = (list, v) => list.reduce((best, x, i) => (Math.abs(x - v) < Math.abs(list[best] - v) ? i : best), 0);

  let families = [];
  const family = (name) => families.find((f) => f.name === name);

  // hashWith returns the current normalized hash with some keys changed
  // (null deletes a key, so Go fills in the family's default).
  function hashWith(changes) {
    const q = new URLSearchParams(host.last().hash.replace(/^#/, ""));
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) q.delete(k);
      else q.set(k, String(v));
    }
    return "#" + [...q].map(([k, v]) => k + "=" + encodeURIComponent(v).replace(/%2C/gi, ",")).join("&");
  }

  function change(changes) {
    try {
      host.navigate(hashWith(changes));
    } catch (e) {
      showNotices([String(e)]);
    }
  }

  // ---- showing the normalized state ----

  const showNotices = (list) => host.showNotices($("notices"), list);

  function fillFamilies() {
    families = host.families();
    $("family").replaceChildren(
      ...families.map((f) => {
        const o = document.createElement("option");
        o.value = f.name;
        o.textContent = f.title;
        return o;
      }),
    );
  }

  const lanesOf = (params) => {
    const l = params.lanes;
    return Array.isArray(l) ? l : String(l || "").split(",").filter(Boolean);
  };

  function showParams(last) {
    const p = last.params || {};
    const f = family(p.family);
    $("family").value = p.family || "";
    $("twin").textContent = f && f.twin ? "⇄ Twin: " + (family(f.twin)?.title || f.twin) : "Twin";
    $("twin").disabled = !(f && f.twin);
    const sized = Boolean(f && f.sizeName);
    $("size-row").hidden = !sized;
    if (sized) {
      $("size").min = f.minSize;
      $("size").max = f.maxSize;
      $("size-name").textContent = "(" + f.sizeName + ")";
    }
    if (document.activeElement !== $("size")) $("size").value = p.size ?? "";
    if (document.activeElement !== $("seed")) $("seed").value = p.seed ?? "";
    const w = Number(p.width ?? 0);
    $("width").value = widthPos(w);
    $("width-out").value = w === 0 ? "∞" : String(w);
    $("depth").value = p.depth ?? 1;
    $("depth-out").value = String(p.depth ?? "");
    $("steps").value = stepsPos(Number(p.steps ?? 1));
    $("steps-out").value = String(p.steps ?? "");
    $("mode").value = p.mode || "score";
    const lanes = lanesOf(p);
    for (const box of laneBoxes) box.checked = lanes.includes(box.value);
    $("workers").value = String(p.workers ?? 0);
    if ($("workers").value === "") {
      // A count the list lacks (workers=5): show it as its own option.
      const o = document.createElement("option");
      o.value = o.textContent = String(p.workers);
      $("workers").append(o);
      $("workers").value = String(p.workers);
    }
    if (p.speed !== undefined) {
      $("speed").value = nearest(SPEEDS, Number(p.speed));
      $("speed-out").value = p.speed + "/s";
    }
    $("family-title").textContent = f ? f.title : p.family || "";
    $("family-badge").textContent = f ? f.badge : "";
    $("family-badge").hidden = !f;
    $("family-explain").textContent = f ? f.explain : "";
    showNotices([...(last.notices || []), ...host.hostNotices()]);
  }

  function enable() {
    for (const el of form.querySelectorAll("input, select, button")) el.disabled = false;
    $("speed").disabled = false;
  }

  let playing = false;
  function showTimeline() {
    const s = hook.state();
    // The stage knows best (a step or the finish line pauses it).
    playing = typeof s.playing === "boolean" ? s.playing : host.intent() === "play" && !s.finished;
    $("play").textContent = playing ? "Pause" : "Play";
    $("play").setAttribute("aria-pressed", String(playing));
    if (s.ready) {
      $("status").textContent = "serial step " + s.tick + (s.finished ? " · finished" : "");
      // Screen readers hear the verdict once, when the race ends.
      const verdict = s.finished ? verdictText(s) : "";
      if (verdict !== $("verdict").textContent) $("verdict").textContent = verdict;
    }
  }

  function verdictText(s) {
    const lanes = (s.lanes || []).map(
      (l) =>
        l.model + ": " + (l.exact ? "exact" : "inexact, " + Math.round(100 * l.cellAccuracy) + "% of cells right") +
        " after " + l.serialSteps + " serial steps",
    );
    return "Race finished. " + lanes.join("; ") + ".";
  }

  host.on((kind, last) => {
    if (kind === "ready") {
      fillFamilies();
      enable();
      if (host.intent() === null) hook.play();
    }
    if (kind === "ready" || kind === "applied") showParams(last);
    if (kind === "notices") showNotices([...(last.notices || []), ...host.hostNotices()]);
    if (kind === "ready" || kind === "applied" || kind === "walls") showWalls();
    if (kind === "sweep" || kind === "applied") showSweep();
    showTimeline();
  });
  setInterval(() => {
    if (host.ready()) showTimeline();
  }, 250);

  // ---- wall time against workers ----

  function showWalls() {
    const rows = host.walls();
    // 0 means below the browser clock's resolution (0.1 ms), not free.
    const fmt = (ms) =>
      ms === 0 ? "< 0.1 ms" : ms < 1 ? Math.round(ms * 1000) + " µs" : ms < 1000 ? ms.toFixed(1) + " ms" : (ms / 1000).toFixed(2) + " s";
    $("walls-table").tBodies[0].replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement("tr");
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = String(r.workers);
        tr.append(th);
        for (const model of ["wide", "deep", "diffusion"]) {
          const td = document.createElement("td");
          const w = r.lanes[model];
          td.textContent = w ? fmt(w.ms) + (w.used > 1 ? " on " + w.used : "") : "–";
          tr.append(td);
        }
        return tr;
      }),
    );
    $("walls-table").hidden = rows.length === 0;
    $("walls-empty").hidden = rows.length !== 0;
  }

  // ---- sweeps ----

  // sweepSpecs is the curve of each lane shown, for the current settings:
  // the wide net over depths 1..max(8, depth+2); the loop over sizes that
  // double up to twice the current one (families with a size); diffusion
  // over steps 1, 2, 4, … up to max(8, steps), in both modes. Ten instances
  // per point, from the link's seed.
  function sweepSpecs(p) {
    const f = family(p.family);
    const base = { family: p.family, seed: String(p.seed), width: p.width, instances: 10 };
    if (p.set) base.set = p.set;
    const sized = Boolean(f && f.sizeName);
    if (sized) base.size = p.size;
    const lanes = lanesOf(p);
    const specs = [];
    if (lanes.includes("wide")) specs.push({ ...base, models: "wide", depth: "1.." + Math.min(64, Math.max(8, p.depth + 2)) });
    if (lanes.includes("deep") && sized) {
      const sizes = [];
      for (let n = p.size * 2; n >= Math.max(f.minSize, p.size / 8) && sizes.length < 5; n = Math.floor(n / 2)) {
        if (n <= f.maxSize) sizes.unshift(n);
      }
      specs.push({ ...base, models: "deep", size: sizes.join(",") });
    }
    if (lanes.includes("diffusion")) {
      const ks = [];
      for (let k = 1; k <= Math.min(4096, Math.max(8, p.steps)); k *= 2) ks.push(k);
      for (const mode of ["score", "commit"]) specs.push({ ...base, models: "diffusion", depth: p.depth, steps: ks.join(","), mode });
    }
    return specs;
  }

  let sweepShown = false; // the canvas shows a finished sweep's curves
  function showSweep() {
    const pr = host.sweepProgress();
    const bar = $("sweep-bar");
    if (pr) {
      bar.hidden = false;
      $("sweep-progress").max = Math.max(1, pr.total);
      $("sweep-progress").value = pr.done;
      $("sweep-count").textContent = pr.total ? pr.done + " of " + pr.total + " instances" : "planning…";
      $("sweep-stop").hidden = false;
      $("sweep-back").hidden = true;
    } else if (sweepShown) {
      bar.hidden = false;
      $("sweep-stop").hidden = true;
      $("sweep-back").hidden = false;
    } else {
      bar.hidden = true;
    }
  }

  $("sweep").addEventListener("click", () => {
    const specs = sweepSpecs(host.last().params || {});
    if (specs.length === 0) {
      showNotices(["The loop's curve is serial steps against size, and this family has no size to sweep."]);
      return;
    }
    hook.pause();
    sweepShown = false;
    host.sweeps(specs).then(
      () => {
        sweepShown = true;
        $("sweep-count").textContent += " · done";
        showSweep();
      },
      (err) => {
        sweepShown = false;
        showSweep();
        if (!(err && err.name === "AbortError")) showNotices(["The sweep failed: " + (err && err.message ? err.message : err)]);
      },
    );
    showSweep();
  });
  const backToRace = () => {
    sweepShown = false;
    host.hideSweep();
    showSweep();
  };
  $("sweep-stop").addEventListener("click", backToRace);
  $("sweep-back").addEventListener("click", backToRace);

  // ---- controls → hash ----

  form.addEventListener("submit", (e) => e.preventDefault());
  $("family").addEventListener("change", (e) =>
    change({ family: e.target.value, size: null, set: null, index: null }),
  );
  $("twin").addEventListener("click", () => {
    const f = family(host.last().params.family);
    if (f && f.twin) change({ family: f.twin, size: null, set: null, index: null });
  });
  $("size").addEventListener("change", (e) => change({ size: e.target.value }));
  $("seed").addEventListener("change", (e) => change({ seed: e.target.value }));
  $("new-puzzle").addEventListener("click", () => {
    const r = new Uint32Array(1);
    crypto.getRandomValues(r);
    change({ seed: r[0] });
  });
  // Sliders show their value while moving and write the hash on release.
  const slider = (id, show, commit) => {
    $(id).addEventListener("input", (e) => show(Number(e.target.value)));
    $(id).addEventListener("change", (e) => commit(Number(e.target.value)));
  };
  slider("width", (p) => ($("width-out").value = p === 0 ? "∞" : String(widthAt(p))), (p) => change({ width: widthAt(p) }));
  slider("depth", (v) => ($("depth-out").value = String(v)), (v) => change({ depth: v }));
  slider("steps", (p) => ($("steps-out").value = String(stepsAt(p))), (p) => change({ steps: stepsAt(p) }));
  slider("speed", (p) => ($("speed-out").value = SPEEDS[p] + "/s"), (p) => change({ speed: SPEEDS[p] }));
  $("mode").addEventListener("change", (e) => change({ mode: e.target.value }));
  $("workers").addEventListener("change", (e) => change({ workers: e.target.value === "0" ? null : e.target.value }));
  for (const box of laneBoxes) {
    box.addEventListener("change", () => {
      const lanes = laneBoxes.filter((b) => b.checked).map((b) => b.value);
      if (lanes.length === 0) {
        box.checked = true; // a race needs at least one lane
        return;
      }
      change({ lanes: lanes.join(",") });
    });
  }

  // ---- timeline ----

  const togglePlay = () => (playing ? hook.pause() : hook.play());
  $("play").addEventListener("click", togglePlay);
  $("step").addEventListener("click", () => hook.step());
  $("reset").addEventListener("click", () => hook.reset());
  $("finish").addEventListener("click", () => hook.finish());

  // Shortcuts act on the timeline unless the user is typing or holds a
  // modifier; they also work while the canvas has the focus.
  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    if (t && t.closest && t.closest("input, select, textarea, button, [contenteditable], dialog")) return;
    const act = { " ": togglePlay, ArrowRight: () => hook.step(), r: () => hook.reset(), f: () => hook.finish() }[e.key];
    if (act) {
      e.preventDefault();
      act();
    }
  }
  document.addEventListener("keydown", onKey);
  // Once a click has put the focus in the stage, the stage posts its key
  // presses here as {type: "depthrace-stage-key", key, ctrlKey, …}.
  window.addEventListener("message", (e) => {
    const frame = $("stage").querySelector("iframe");
    if (!frame || e.source !== frame.contentWindow || e.origin !== location.origin) return;
    const m = e.data || {};
    if (m.type !== "depthrace-stage-key") return;
    onKey({ key: m.key, ctrlKey: m.ctrlKey, metaKey: m.metaKey, altKey: m.altKey, target: null, preventDefault() {} });
  });

  // ---- share and embed ----

  function openDialog(title, help, code) {
    $("share-title").textContent = title;
    $("share-help").textContent = help;
    $("share-code").value = code;
    $("share-done").textContent = "";
    $("share-dialog").showModal();
    $("share-code").select();
  }
  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  }
  $("share").addEventListener("click", async () => {
    const link = location.href;
    const ok = await copy(link);
    openDialog("Share this race", ok ? "Link copied. Anyone who opens it sees this exact race." : "Copy this link:", link);
    if (ok) $("share-done").textContent = "Copied.";
  });
  $("embed").addEventListener("click", () => {
    const src = new URL("embed.html", location.href).href.replace(/#.*$/, "") + host.last().hash;
    const attr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    const title = attr("depthrace: " + $("family-title").textContent);
    const code = `<iframe src="${attr(src)}" width="700" height="450" title="${title}" loading="lazy" style="border:0;max-width:100%"></iframe>`;
    openDialog(
      "Embed this race",
      "Paste this into a blog post. The embed shows a poster and loads the race only when a reader scrolls to it.",
      code,
    );
  });
  $("share-copy").addEventListener("click", async () => {
    $("share-done").textContent = (await copy($("share-code").value)) ? "Copied." : "Select the text and copy it.";
  });
  $("share-close").addEventListener("click", () => $("share-dialog").close());

  host.attach($("stage"), { history: "push" });
  host.load().catch((e) => showNotices([String(e)]));
})();
