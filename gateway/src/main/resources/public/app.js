// The page talks to the public HTTP API only. No build step: plain browser JavaScript.
'use strict';

const API = '/api/v1/file-processing';
const KEY = 'playcount.apiKey';
const RUNNING = ['QUEUED', 'IN_PROGRESS'];
const $ = (id) => document.getElementById(id);

let refreshTimer = null;
const rendered = new Map(); // task id -> JSON last rendered, so unchanged cards keep their focus

function apiKey() {
  return sessionStorage.getItem(KEY);
}

function headers() {
  const key = apiKey();
  return key ? { Authorization: 'Bearer ' + key } : {};
}

async function api(path, options = {}) {
  const response = await fetch(API + path, { ...options, headers: { ...headers(), ...(options.headers || {}) } });
  if (response.status === 401) {
    askForKey(response);
    throw new Error('an API key is needed');
  }
  return response;
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    return body.message || body.code || response.statusText;
  } catch (e) {
    return response.status + ' ' + response.statusText;
  }
}

function askForKey(response) {
  $('key-section').hidden = false;
  if (apiKey()) {
    $('key-error').textContent = 'The key was not accepted.';
    $('key-error').hidden = false;
  }
  $('api-key').focus();
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, $('api-key').value.trim());
  $('key-error').hidden = true;
  $('key-section').hidden = true;
  rendered.clear();
  $('tasks').replaceChildren();
  refresh();
});

// ---- upload -----------------------------------------------------------------------------

function showUploadError(message) {
  $('upload-error').textContent = message;
  $('upload-error').hidden = false;
}

$('upload-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const file = $('file').files[0];
  if (!file) {
    showUploadError('Choose a CSV file first.');
    return;
  }
  upload(file);
});

// Uploads go through tus (resumable uploads, tus-js-client served from the jar): a dropped
// connection is retried from the offset the server holds, and a reload finds the unfinished upload
// of the same file again (its URL kept in localStorage) once the file is chosen again.
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000];
const CHUNK = 16 * 1024 * 1024;

async function upload(file) {
  $('upload-error').hidden = true;
  $('upload-button').disabled = true;
  $('upload-status').hidden = false;
  $('upload-progress').value = 0;
  $('upload-percent').textContent = 'Uploading ' + displayName(file.name) + '…';
  const policy = $('invalid-rows').value;
  let resumedAt = null;
  let lastPercent = 0;
  const done = () => { $('upload-button').disabled = false; };
  const tusUpload = new tus.Upload(file, {
    endpoint: API + '/uploads',
    chunkSize: CHUNK,
    retryDelays: RETRY_DELAYS,
    headers: headers(),
    metadata: { filename: file.name, invalidRows: policy },
    // the policy is the upload's: the same file with another one is another upload
    fingerprint: async (f) => ['playcount', f.name, f.type, f.size, f.lastModified, policy].join('-'),
    removeFingerprintOnSuccess: true,
    onShouldRetry: (err, attempt) => {
      const status = err.originalResponse ? err.originalResponse.getStatus() : 0;
      const retry = status === 0 || status >= 500 || status === 409 || status === 423 || status === 429;
      if (retry) {
        $('upload-percent').textContent = 'Connection lost at ' + lastPercent + '%; retrying…';
      }
      return retry;
    },
    onAfterResponse: (req, res) => {
      // a HEAD asks where an interrupted upload stands: that is where it resumes
      if (req.getMethod() === 'HEAD' && res.getStatus() < 300) {
        const offset = Number(res.getHeader('Upload-Offset'));
        if (offset > 0 && file.size > 0) {
          resumedAt = Math.floor((100 * offset) / file.size);
        }
      }
    },
    onProgress: (sent, total) => {
      const percent = total > 0 ? Math.floor((100 * sent) / total) : 0;
      lastPercent = percent;
      $('upload-progress').value = percent;
      $('upload-percent').textContent = (resumedAt != null ? 'Resumed at ' + resumedAt + '%, now ' : '') +
        percent + '% of ' + size(total);
    },
    onSuccess: () => {
      done();
      $('upload-progress').value = 100;
      $('upload-percent').textContent = 'Uploaded ' + displayName(file.name) +
        (resumedAt != null ? ' (resumed at ' + resumedAt + '%).' : '.');
      $('upload-form').reset();
      refresh();
    },
    onError: (err) => {
      done();
      $('upload-status').hidden = true;
      const res = err.originalResponse;
      if (res && res.getStatus() === 401) {
        askForKey();
      }
      let message = res ? res.getStatus() + ' ' : 'The upload failed: the connection was lost.';
      try {
        message = JSON.parse(res.getBody()).message || message;
      } catch (e) {
        // not the API's error body
      }
      showUploadError(message);
    },
  });
  try {
    const previous = await tusUpload.findPreviousUploads();
    if (previous.length > 0) {
      tusUpload.resumeFromPreviousUpload(previous[0]);
      $('upload-percent').textContent = 'Resuming ' + displayName(file.name) + '…';
    }
  } catch (e) {
    // no storage (a private window): a fresh upload
  }
  tusUpload.start();
}

const dropZone = $('drop-zone');
dropZone.addEventListener('dragover', (e) => {
  e.preventDefault();
  dropZone.classList.add('dragging');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', (e) => {
  e.preventDefault();
  dropZone.classList.remove('dragging');
  if (e.dataTransfer.files.length > 0) {
    $('file').files = e.dataTransfer.files;
    upload(e.dataTransfer.files[0]);
  }
});

// ---- task list --------------------------------------------------------------------------

async function refresh() {
  clearTimeout(refreshTimer);
  let anyRunning = false;
  try {
    const response = await api('/tasks?pageSize=50');
    if (!response.ok) {
      $('tasks-note').textContent = 'Could not load the tasks: ' + (await errorMessage(response));
    } else {
      const page = await response.json();
      render(page.tasks);
      anyRunning = page.tasks.some((t) => RUNNING.includes(t.status));
      $('tasks-note').textContent = page.tasks.length === 0 ? 'No tasks yet.' :
        page.total > page.tasks.length ? 'Newest ' + page.tasks.length + ' of ' + page.total + ' tasks.' : '';
    }
  } catch (e) {
    $('tasks-note').textContent = e.message;
  }
  // Every second while a task runs, otherwise every ten.
  refreshTimer = setTimeout(refresh, anyRunning ? 1000 : 10000);
}

function render(tasks) {
  const list = $('tasks');
  const ids = new Set(tasks.map((t) => t.id));
  for (const [id] of rendered) {
    if (!ids.has(id)) {
      document.getElementById('task-' + id)?.remove();
      rendered.delete(id);
    }
  }
  let previous = null;
  for (const task of tasks) {
    const json = JSON.stringify(task);
    let item = document.getElementById('task-' + task.id);
    if (!item) {
      item = document.createElement('li');
      item.id = 'task-' + task.id;
      item.className = 'task';
    }
    if (rendered.get(task.id) !== json) {
      fill(item, task);
      rendered.set(task.id, json);
    }
    const expectedPosition = previous ? previous.nextSibling : list.firstChild;
    if (item !== expectedPosition) {
      list.insertBefore(item, expectedPosition);
    }
    previous = item;
  }
}

function fill(item, task) {
  const focused = item.contains(document.activeElement) ? document.activeElement.dataset.action : null;
  item.replaceChildren();
  item.dataset.status = task.status;

  const head = element('div', 'task-head');
  head.append(element('span', 'task-name', displayName(task.input.name)));
  head.append(element('span', 'badge badge-' + task.status, task.status.replace('_', ' ')));
  item.append(head);

  if (task.status === 'IN_PROGRESS') {
    const progress = task.progress;
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = progress.percent;
    bar.setAttribute('aria-label', 'Progress of ' + displayName(task.input.name));
    const row = element('div', 'upload-status');
    row.append(bar, element('span', 'task-percent', progress.percent.toFixed(1) + '%'));
    if (progress.phase) {
      // the overall bar moves through the phases; the phase's own share tells how far this one is
      const phase = progress.phase + ' ' + Math.floor(progress.phasePercent) + '%';
      row.append(element('span', 'task-phase', phase));
      bar.setAttribute('aria-valuetext', progress.percent.toFixed(1) + '%, ' + phase);
    }
    item.append(row);
  }

  const facts = [size(task.input.bytes)];
  const rowsRead = task.rowsRead ?? (task.status === 'IN_PROGRESS' ? task.progress.rowsRead : null);
  if (rowsRead != null) facts.push(number(rowsRead) + ' rows read');
  if (task.rowsWritten != null) facts.push(number(task.rowsWritten) + ' written');
  if (task.invalidRows != null) facts.push(number(task.invalidRows) + ' invalid');
  const took = duration(task);
  if (took) facts.push(took);
  facts.push('uploaded ' + new Date(task.createdAt).toLocaleString());
  item.append(element('div', 'task-facts', facts.join(' · ')));

  for (const error of task.errors || []) {
    item.append(element('p', 'error', error.message));
  }

  const actions = element('div', 'task-actions');
  if (['COMPLETED', 'DOWNLOADED'].includes(task.status)) {
    actions.append(download(task, 'download', 'results.csv', 'Download result'));
    if (task.invalidRowPolicy === 'skip') {
      actions.append(download(task, 'rejects', 'rejects.csv', 'Download rejects', true));
    }
  }
  if (task.dashboardUrl) {
    const link = element('a', 'button secondary', 'Flink dashboard');
    link.href = task.dashboardUrl;
    link.target = '_blank';
    link.rel = 'noopener';
    link.dataset.action = 'dashboard';
    actions.append(link);
  }
  if (RUNNING.includes(task.status)) {
    const cancel = element('button', 'danger', 'Cancel');
    cancel.type = 'button';
    cancel.dataset.action = 'cancel';
    cancel.setAttribute('aria-label', 'Cancel ' + displayName(task.input.name));
    cancel.addEventListener('click', () => cancelTask(task, cancel));
    actions.append(cancel);
  }
  if (actions.children.length > 0) item.append(actions);
  if (focused) item.querySelector('[data-action="' + focused + '"]')?.focus();
}

function download(task, what, fileName, label, secondary) {
  const url = API + '/tasks/' + task.id + '/' + what;
  const link = element('a', 'button' + (secondary ? ' secondary' : ''), label);
  link.href = url;
  link.download = fileName;
  link.dataset.action = what;
  link.setAttribute('aria-label', label + ' of ' + displayName(task.input.name));
  if (apiKey()) {
    // A plain link cannot send the key, and fetching the file would hold all of it in this
    // page's memory: trade the key for a single-use link, then let the browser download it to disk.
    link.addEventListener('click', async (e) => {
      e.preventDefault();
      const response = await api('/tasks/' + task.id + '/download-links?file=' + what, { method: 'POST' });
      if (!response.ok) {
        alert(await errorMessage(response));
        return;
      }
      const a = document.createElement('a');
      a.href = (await response.json()).url;
      a.download = fileName;
      a.click();
    });
  }
  return link;
}

async function cancelTask(task, button) {
  button.disabled = true;
  const response = await api('/tasks/' + task.id, { method: 'DELETE' });
  if (!response.ok) {
    alert('Could not cancel: ' + (await errorMessage(response)));
  }
  refresh();
}

// A file name is the uploader's text: right-to-left overrides and other invisible or control
// characters could make "evil.exe.csv" read as something else. Shown as visible escapes instead.
const SPOOFING = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function displayName(name) {
  return String(name).replace(SPOOFING, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

function size(bytes) {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
}

function number(n) {
  return Number(n).toLocaleString('en-US');
}

function duration(task) {
  if (!task.startedAt) return null;
  const end = task.finishedAt ? new Date(task.finishedAt) : new Date();
  const seconds = Math.max(0, (end - new Date(task.startedAt)) / 1000);
  return (task.finishedAt ? 'took ' : 'running for ') +
    (seconds < 60 ? seconds.toFixed(1) + ' s' : Math.floor(seconds / 60) + ' min ' + Math.round(seconds % 60) + ' s');
}

refresh();
