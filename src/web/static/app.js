// Progressive enhancement only: every page works without this file.
(() => {
  // Upload with a progress bar, then follow the server's redirect to the import page.
  for (const form of document.querySelectorAll('form[data-upload-progress]')) {
    form.addEventListener('submit', (event) => {
      if (!window.FormData || !window.XMLHttpRequest) return;
      event.preventDefault();
      const box = form.querySelector('.upload-progress');
      const bar = box && box.querySelector('progress');
      const label = box && box.querySelector('.percent');
      if (box) box.hidden = false;
      const request = new XMLHttpRequest();
      request.open('POST', form.action || window.location.href);
      request.upload.addEventListener('progress', (e) => {
        if (!e.lengthComputable || !bar) return;
        const percent = Math.floor((e.loaded / e.total) * 100);
        bar.value = percent;
        if (label) label.textContent = percent + ' %';
      });
      request.addEventListener('load', () => {
        if (request.responseURL && request.responseURL !== window.location.href && request.status < 400) {
          window.location.assign(request.responseURL);
        } else {
          document.open();
          document.write(request.responseText);
          document.close();
        }
      });
      request.addEventListener('error', () => form.submit());
      request.send(new FormData(form));
    });
  }
  // Job progress: poll the JSON twin instead of reloading the page.
  const job = document.querySelector('[data-job]');
  if (job && window.fetch) {
    const refresh = document.querySelector('meta[http-equiv="refresh"]');
    if (refresh) refresh.remove();
    const bar = job.querySelector('progress');
    const label = job.querySelector('.percent');
    const poll = async () => {
      try {
        const response = await fetch(job.getAttribute('data-job'), { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        const data = await response.json();
        if (data.status === 'succeeded' || data.status === 'failed' || data.done === true) {
          window.location.reload();
          return;
        }
        if (data.progress && data.progress.percent !== null && bar) {
          bar.value = data.progress.percent;
          if (label) label.textContent = data.progress.percent + ' %';
        }
      } catch (error) {
        // keep polling
      }
      setTimeout(poll, 700);
    };
    setTimeout(poll, 500);
  }
})();
