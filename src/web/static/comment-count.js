// The comment form's live count of characters left (the server checks the same limit).
(function () {
  for (const area of document.querySelectorAll('textarea[data-count-max]')) {
    const max = Number(area.getAttribute('data-count-max'));
    const out = document.getElementById(area.id + '-count');
    if (!out) continue;
    const update = () => {
      const left = max - area.value.trim().length;
      out.textContent = left.toLocaleString('en') + ' characters left';
      out.classList.toggle('error', left < 0);
    };
    area.addEventListener('input', update);
    update();
  }
})();
