// embed.js: the compact page for iframes in blog posts. It shows a poster
// and downloads nothing heavy until the embed is scrolled into view (or a
// hook method asks for the race); it pauses the race while off screen.
"use strict";

(() => {
  const host = window.depthraceHost;
  const hook = window.depthrace;
  const $ = (id) => document.getElementById(id);
  let visible = false;
  let playing = false;

  const showNotices = (list) => host.showNotices($("notices"), list);

  // The full playground opens with the same link.
  function showLink() {
    $("open-full").href = "index.html" + (host.last().hash || location.hash);
  }
  showLink();
  window.addEventListener("hashchange", showLink);

  function showTimeline() {
    const s = hook.state();
    // The stage knows best (a step or the finish line pauses it).
    playing = typeof s.playing === "boolean" ? s.playing : host.intent() === "play" && !s.finished;
    $("play").textContent = playing ? "Pause" : "Play";
    $("play").setAttribute("aria-pressed", String(playing));
  }

  host.on((kind, last) => {
    if (kind === "loading") $("poster").querySelector(".poster-play").textContent = "Loading the race…";
    if (kind === "ready" || kind === "applied") {
      const f = host.families().find((x) => x.name === last.params.family);
      $("family-title").textContent = f ? f.title : "";
      showLink();
    }
    if (kind === "ready" && visible && host.intent() === null) hook.play();
    if (kind === "ready" || kind === "applied" || kind === "notices") {
      showNotices([...(last.notices || []), ...host.hostNotices()]);
    }
    showTimeline();
  });
  setInterval(() => {
    if (host.ready()) showTimeline();
  }, 500);

  $("play").addEventListener("click", () => (playing ? hook.pause() : hook.play()));
  $("step").addEventListener("click", () => hook.step());
  $("reset").addEventListener("click", () => hook.reset());
  $("finish").addEventListener("click", () => hook.finish());
  $("poster").addEventListener("click", () => hook.play());

  // In view: load and (unless someone paused it) play. Out of view: pause the
  // race without recording it as the reader's choice.
  new IntersectionObserver(
    (entries) => {
      visible = entries[entries.length - 1].isIntersecting;
      if (visible) {
        host.load();
        if (host.ready() && host.intent() !== "pause") host.bridge().play();
      } else if (host.ready()) {
        host.bridge().pause();
      }
    },
    { threshold: 0.25 },
  ).observe($("stage"));

  // Embeds never add entries to the host page's history.
  host.attach($("stage"), { history: "replace" });
})();
