'use strict';

/*
 * The feedback360 dashboard: plain JavaScript, no dependencies, nothing fetched but this server's API.
 * Data flow: connect to /api/stream first; on its "ready" event (re)load the snapshot from the REST API (scores and
 * participation), then apply every "team", "deleted", "participation" and "participation-deleted" event as it
 * arrives. Events that arrive while a snapshot loads are applied after it.
 */
(() => {
  const AXES = ['CHANGE', 'FOCUS', 'HORIZON'];
  const AXIS_NAMES = { CHANGE: 'Change', FOCUS: 'Focus', HORIZON: 'Horizon' };
  const AXIS_POLES = {
    CHANGE: ['innovates', 'maintains the status quo'],
    FOCUS: ['inspires and empowers people', 'controls people and systems'],
    HORIZON: ['plans for the long term', 'runs the short term'],
  };
  const GROUPS = [
    ['PEER', 'Peers'], ['DIRECT_REPORT', 'Reports'], ['MANAGER', 'Managers'], ['OTHER', 'Others'], ['SELF', 'Self'],
  ];
  const STYLES = ['LEADING', 'BALANCED', 'MANAGING'];
  /** Balances are drawn on a scale of -MAX_BALANCE..+MAX_BALANCE (the most a 1..5 scale allows is 4). */
  const MAX_BALANCE = 4;

  const state = {
    cycle: null,
    cycles: new Set(),
    teams: new Map(),
    /** The participation of the chosen cycle's teams, by key: values of team-participation-json. */
    participation: new Map(),
    selected: null,
    /** A cycle the address asked for that has neither scores nor participation: said, never switched silently. */
    missingCycle: null,
    /** Keys of teams whose scores were deleted while the page was open: those have no scores "any more". */
    deleted: new Set(),
    loading: null,
    loadedOnce: false,
    pending: [],
  };

  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  const keyOf = (team) => team.cycleId + '/' + team.teamId;
  const byTeamId = (a, b) => a.teamId.localeCompare(b.teamId, undefined, { numeric: true });

  /** A balance of this size or more is LEADING (negated, MANAGING): the streams app's style threshold. */
  const STYLE_THRESHOLD = 0.5;

  /**
   * "+1.83", "−0.49", "0.00": two decimals rounded toward zero, a real minus sign. Toward zero, so that the figure
   * never crosses a style threshold (or zero) that the exact value does not: 0.4967 (BALANCED) reads +0.49, never
   * +0.50. The exact value is first taken to 6 decimals, so that 0.29 stored as 0.28999... still reads 0.29.
   */
  function signed(value) {
    const exact = Math.abs(value);
    let hundredths = Math.floor(Math.round(exact * 1e6) / 1e4);
    if (exact < STYLE_THRESHOLD && hundredths >= STYLE_THRESHOLD * 100) hundredths = STYLE_THRESHOLD * 100 - 1;
    const text = (hundredths / 100).toFixed(2);
    if (text === '0.00') return text;
    return (value > 0 ? '+' : '\u2212') + text;
  }
  // The number format, for the browser test that pins it.
  window.feedback360 = Object.freeze({ signed });

  const fewer = (k) => 'fewer than ' + k + ' raters';

  function suppressedChip(k, detail) {
    const chip = el('span', 'chip suppressed-chip', fewer(k));
    chip.title = detail || 'Not shown: ' + fewer(k) + ' stand behind it (anonymity threshold k = ' + k + ')';
    return chip;
  }

  /** Newer answers held back by the publication rule (docs/privacy.md): say so, never pass stale values off as current. */
  function pendingText(team) {
    const n = team.pendingRaters || 0;
    if (!n) return null;
    const needed = team.minChange || 1;
    return (n === 1 ? '1 rater\'s change (an answer, a correction or a withdrawal) is'
      : n + ' raters\' changes (answers, corrections, withdrawals) are') + ' not shown yet: a group\'s scores change '
      + 'once ' + needed + ' of its raters have changed, and sometimes wait for more, so that no single rater\'s '
      + 'answers can be read from the difference';
  }

  function pendingChip(team) {
    const text = pendingText(team);
    if (!text) return null;
    const chip = el('span', 'chip pending-chip', team.pendingRaters + ' pending');
    chip.dataset.field = 'pending';
    chip.title = text;
    // Readable without hovering: the legend under the table says what "pending" means.
    chip.setAttribute('aria-describedby', 'legend-pending');
    return chip;
  }

  function styleChip(style) {
    return style ? el('span', 'chip style-' + style, style) : el('span', 'muted', '—');
  }

  function when(iso) {
    const date = new Date(iso);
    return isNaN(date) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  // ---- talking to the API -------------------------------------------------------------------------------------

  function notice(text) {
    const box = $('notice');
    box.textContent = text || '';
    box.hidden = !text;
  }

  /** GETs JSON; on 503 waits Retry-After and tries again, telling the user why. Resolves null on 404. */
  async function getJson(url) {
    for (;;) {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (response.status === 503) {
        const wait = Math.min(30, Number(response.headers.get('Retry-After')) || 2);
        notice('The scores are being rebalanced or restored on the server; retrying in ' + wait + ' s…');
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      if (response.status === 401) {
        // Not logged in (or the session ended): the login page says how to log in.
        location.assign('/login');
        throw new Error('not logged in');
      }
      if (response.status === 404) return null;
      if (!response.ok) {
        let message = 'HTTP ' + response.status;
        try { message = (await response.json()).message || message; } catch (e) { message += ' (no details)'; }
        throw new Error(message);
      }
      notice(null);
      return response.json();
    }
  }

  function teamUrl(teamId) {
    return '/api/teams/' + encodeURIComponent(teamId) + '?cycle=' + encodeURIComponent(state.cycle);
  }

  /** Loads cycles, then the teams of the chosen cycle, then the open team; queues live events meanwhile. */
  function reload() {
    state.loadedOnce = true;
    const run = (async () => {
      const [body, participation] = await Promise.all([getJson('/api/cycles'),
        getJson('/api/participation/cycles')]);
      // A cycle under way may have participation (nominations) before it has any scores.
      const cycles = [...new Set([...(body ? body.cycles : []), ...(participation ? participation.cycles : [])]
        .map((c) => c.cycleId))].sort();
      state.cycles = new Set(cycles);
      const wanted = new URLSearchParams(location.hash.slice(1)).get('cycle');
      state.missingCycle = wanted && !cycles.includes(wanted) ? wanted : null;
      if (state.missingCycle) state.cycle = null;
      else state.cycle = wanted || (state.cycles.has(state.cycle) ? state.cycle : cycles[cycles.length - 1] || null);
      renderCycles();
      renderMissingCycle();
      await loadTeams();
    })();
    state.loading = run;
    run.catch((error) => notice('Could not load the scores: ' + error.message + '. Reload the page to try again.'))
      .finally(() => {
        if (state.loading !== run) return;
        state.loading = null;
        const queued = state.pending.splice(0);
        queued.forEach((apply) => apply());
      });
    return run;
  }

  async function loadTeams() {
    state.teams.clear();
    state.participation.clear();
    if (state.cycle) {
      const cycle = encodeURIComponent(state.cycle);
      const [body, participation] = await Promise.all([getJson('/api/teams?cycle=' + cycle),
        getJson('/api/participation?cycle=' + cycle)]);
      (body ? body.teams : []).forEach((team) => state.teams.set(keyOf(team), team));
      (participation ? participation.teams : []).forEach((team) => state.participation.set(keyOf(team), team));
    }
    renderTeams();
    renderParticipation();
    const wanted = new URLSearchParams(location.hash.slice(1)).get('team');
    if (wanted && state.cycle) await openTeam(wanted, false);
    else closeTeam(false);
  }

  /** Opens a team's view; {@code focus}: move the keyboard focus to its heading (the user opened it on the page). */
  async function openTeam(teamId, updateHash = true, focus = false) {
    state.selected = teamId;
    if (updateHash) writeHash();
    markSelected();
    // The loaded list holds every team with scores (lists are never partial): a team not in it has none, so it is
    // not asked for (a 404 the browser would log as an error).
    const known = state.loading || state.teams.has(state.cycle + '/' + teamId);
    const team = known ? await getJson(teamUrl(teamId)) : null;
    if (state.selected !== teamId) return;
    renderTeam(teamId, team);
    if (focus) $('team-title').focus({ preventScroll: true });
    if (updateHash) {
      const view = $('team');
      if (view.getBoundingClientRect().top < 0 || view.getBoundingClientRect().top > window.innerHeight * 0.6) {
        view.scrollIntoView({ behavior: 'smooth', block: 'start' });
      }
    }
  }

  function closeTeam(updateHash = true) {
    state.selected = null;
    $('team').hidden = true;
    markSelected();
    if (updateHash) writeHash();
  }

  function writeHash() {
    const params = new URLSearchParams();
    if (state.cycle) params.set('cycle', state.cycle);
    if (state.selected) params.set('team', state.selected);
    history.replaceState(null, '', '#' + params.toString());
  }

  /**
   * Follows a hash changed from outside the page (typed, a bookmark, back and forward): #cycle=...&team=...
   * writeHash() replaces the hash without this event, so the page never reacts to its own changes.
   */
  function followHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const cycle = params.get('cycle');
    const team = params.get('team');
    if (cycle && cycle !== state.cycle) {
      state.selected = null;
      reload(); // reads the cycle and the team from the hash
    } else if (team && team !== state.selected) {
      openTeam(team, false);
    } else if (!team && state.selected) {
      closeTeam(false);
    }
  }

  // ---- live updates ---------------------------------------------------------------------------------------------

  function setLive(mode, text) {
    const live = $('live');
    live.dataset.state = mode;
    live.textContent = text;
  }

  function connect() {
    if (!window.EventSource) {
      setLive('off', 'No live updates in this browser');
      reload();
      return;
    }
    const source = new EventSource('/api/stream');
    source.addEventListener('ready', () => {
      setLive('live', 'Live');
      reload();
    });
    source.addEventListener('team', (event) => whenLoaded(() => applyTeam(JSON.parse(event.data))));
    source.addEventListener('deleted', (event) => whenLoaded(() => applyDeleted(JSON.parse(event.data).key)));
    source.addEventListener('participation',
      (event) => whenLoaded(() => applyParticipation(JSON.parse(event.data))));
    source.addEventListener('participation-deleted',
      (event) => whenLoaded(() => applyParticipationDeleted(JSON.parse(event.data).key)));
    source.addEventListener('error', () => {
      setLive('connecting', 'Reconnecting…');
      // A refused connection (401: logged out; 503: too many live connections) is not retried by the browser.
      if (source.readyState === EventSource.CLOSED) {
        fetch('/api/cycles', { cache: 'no-store' }).then((response) => {
          if (response.status === 401) location.assign('/login');
          else setTimeout(connect, 10000);
        }, () => setTimeout(connect, 10000));
      }
    });
    // Without live updates the page still shows the scores, just not live.
    setTimeout(() => { if (!state.loadedOnce) reload(); }, 5000);
  }

  function whenLoaded(apply) {
    if (state.loading) state.pending.push(apply);
    else apply();
  }

  function applyTeam(team) {
    if (!state.cycles.has(team.cycleId)) {
      state.cycles.add(team.cycleId);
      if (!state.cycle && !state.missingCycle) state.cycle = team.cycleId;
      renderCycles();
    }
    if (team.cycleId !== state.cycle) return;
    state.teams.set(keyOf(team), team);
    renderTeams(team.teamId);
    if (state.selected === team.teamId) renderTeam(team.teamId, team);
    setLive('live', 'Live · updated ' + new Date().toLocaleTimeString());
  }

  function applyDeleted(key) {
    if (!state.teams.delete(key)) return;
    state.deleted.add(key);
    renderTeams();
    if (state.cycle + '/' + state.selected === key) renderTeam(state.selected, null);
    setLive('live', 'Live · updated ' + new Date().toLocaleTimeString());
  }

  function applyParticipation(team) {
    if (!state.cycles.has(team.cycleId)) {
      state.cycles.add(team.cycleId);
      if (!state.cycle && !state.missingCycle) state.cycle = team.cycleId;
      renderCycles();
    }
    if (team.cycleId !== state.cycle) return;
    state.participation.set(keyOf(team), team);
    renderParticipation(team.teamId);
    if (state.selected === team.teamId) renderTeamParticipation(team.teamId);
    setLive('live', 'Live · updated ' + new Date().toLocaleTimeString());
  }

  function applyParticipationDeleted(key) {
    if (!state.participation.delete(key)) return;
    renderParticipation();
    if (state.cycle + '/' + state.selected === key) renderTeamParticipation(state.selected);
    setLive('live', 'Live · updated ' + new Date().toLocaleTimeString());
  }

  // ---- rendering ------------------------------------------------------------------------------------------------

  function renderCycles() {
    const select = $('cycle');
    select.replaceChildren(...[...state.cycles].sort().map((cycle) => {
      const option = el('option', null, cycle);
      option.value = cycle;
      return option;
    }));
    if (!state.cycle && state.cycles.size) {
      const choose = el('option', null, 'Choose a cycle');
      choose.value = '';
      choose.disabled = true;
      select.prepend(choose);
    }
    select.value = state.cycle || '';
    select.disabled = state.cycles.size === 0;
  }

  /** Says that the cycle the address asked for was not found, and which cycles there are. */
  function renderMissingCycle() {
    const box = $('cycle-missing');
    const missing = state.missingCycle;
    box.hidden = !missing;
    if (!missing) return;
    const cycles = [...state.cycles].sort();
    box.textContent = 'Cycle ' + missing + ' was not found: no team has scores or participation in it. '
      + (cycles.length ? 'The cycles there are: ' + cycles.join(', ') + '; choose one above.'
        : 'No cycle has scores or participation yet.');
  }

  function balanceCell(value, k, leaderRaters, managerRaters) {
    if (value === null || value === undefined) {
      const detail = leaderRaters === undefined ? undefined : 'Not shown: leader items have ' + leaderRaters
        + ', manager items ' + managerRaters + ' raters; at least ' + k + ' are needed on both';
      return suppressedChip(k, detail);
    }
    const wrap = el('div', 'balance');
    wrap.dataset.value = String(value);
    const track = el('div', 'track');
    const fill = el('div', 'fill ' + (value >= 0 ? 'lead' : 'manage'));
    const width = Math.min(Math.abs(value) / MAX_BALANCE, 1) * 50;
    fill.style.width = width + '%';
    fill.style.left = value >= 0 ? '50%' : (50 - width) + '%';
    track.append(fill);
    wrap.append(track, el('span', 'value', signed(value)));
    return wrap;
  }

  function raterChips(team) {
    const wrap = el('div', 'raters');
    GROUPS.forEach(([group, label]) => {
      const count = team.raters[group] || 0;
      if (count === 0) return;
      const chip = el('span', 'rater-chip', label + ' ' + count);
      chip.dataset.group = group;
      if (count < team.minRaters) {
        chip.classList.add('below-k');
        chip.title = fewer(team.minRaters) + ' in this group: left out of the scores';
        chip.setAttribute('aria-describedby', 'legend-below-k');
      }
      wrap.append(chip);
    });
    if (!wrap.childElementCount) wrap.append(el('span', 'muted', 'none'));
    const pending = pendingChip(team);
    if (pending) wrap.append(pending);
    return wrap;
  }

  /**
   * The team name cell: a button that opens the team. The row stays a plain table row, so that screen readers reach
   * its cells (a row with role=button hides them).
   */
  function teamNameCell(teamId) {
    const name = el('td', 'team-name');
    name.dataset.label = 'Team';
    const open = el('button', 'team-open');
    open.type = 'button';
    open.dataset.field = 'open-team';
    open.append(el('strong', null, teamId));
    name.append(open);
    return name;
  }

  function renderTeams(changedTeamId) {
    const teams = [...state.teams.values()].sort(byTeamId);
    const rows = teams.map((team) => {
      const suppressed = team.status === 'SUPPRESSED';
      const row = el('tr', suppressed ? 'suppressed' : null);
      row.dataset.team = team.teamId;
      const name = teamNameCell(team.teamId);
      if (suppressed) name.append(el('div', 'small suppressed-note', 'Suppressed: ' + fewer(team.minRaters)));
      const style = el('td');
      style.dataset.label = 'Style';
      style.dataset.field = 'style';
      style.append(suppressed ? suppressedChip(team.minRaters) : styleChip(team.overall.style));
      row.append(name, style);
      AXES.forEach((axis) => {
        const cell = el('td');
        cell.dataset.label = AXIS_NAMES[axis];
        cell.dataset.field = 'balance-' + axis;
        const a = team.axes[axis];
        cell.append(balanceCell(a.balance, team.minRaters, a.leader.raters, a.manager.raters));
        row.append(cell);
      });
      const overall = el('td');
      overall.dataset.label = 'Overall';
      overall.dataset.field = 'balance-overall';
      overall.append(balanceCell(team.overall.balance, team.minRaters));
      const raters = el('td');
      raters.dataset.label = 'Raters';
      raters.dataset.field = 'raters';
      raters.append(raterChips(team));
      row.append(overall, raters);
      if (team.teamId === changedTeamId) row.classList.add('flash');
      // A click anywhere on the row opens the team too; the keyboard and screen readers use the name's button.
      row.addEventListener('click', () => openTeam(team.teamId, true, true));
      return row;
    });
    $('teams').tBodies[0].replaceChildren(...rows);
    $('empty').hidden = teams.length > 0 || Boolean(state.missingCycle);
    $('teams').hidden = teams.length === 0;
    $('teams-legend').hidden = teams.length === 0;
    $('count-teams').textContent = teams.length;
    STYLES.forEach((style) => {
      $('count-' + style).textContent = teams.filter((t) => t.status !== 'SUPPRESSED' && t.overall.style === style)
        .length;
    });
    $('count-SUPPRESSED').textContent = teams.filter((t) => t.status === 'SUPPRESSED').length;
    markSelected();
  }

  function markSelected() {
    document.querySelectorAll('#teams tbody tr').forEach((row) => {
      row.classList.toggle('selected', row.dataset.team === state.selected);
    });
  }

  function meanBar(label, cell, k, pole) {
    const row = el('div', 'bar-row');
    row.dataset.field = pole;
    row.append(el('span', 'bar-label', label));
    const track = el('div', 'bar-track');
    if (cell.mean === null) {
      track.classList.add('hatched');
      track.append(el('span', 'bar-text', fewer(k) + ' (' + cell.raters + ' of ' + k + ')'));
      row.append(track, el('span', 'bar-value muted', '—'));
    } else {
      const fill = el('div', 'bar-fill ' + pole);
      fill.style.width = Math.max(0, Math.min(1, (cell.mean - 1) / 4)) * 100 + '%';
      track.append(fill);
      const value = el('span', 'bar-value', cell.mean.toFixed(2));
      value.dataset.value = String(cell.mean);
      value.title = cell.raters + ' raters, ' + cell.n + ' answers, sd ' + (cell.sd === null ? '—' : cell.sd.toFixed(2));
      row.append(track, value);
    }
    return row;
  }

  function renderTeam(teamId, team) {
    const view = $('team');
    view.hidden = false;
    $('team-title').textContent = teamId + ' · ' + state.cycle;
    renderTeamParticipation(teamId);
    const status = $('team-status');
    const axes = $('team-axes');
    const gaps = $('team-gaps');
    const raters = $('team-raters');
    $('team-scores-detail').hidden = !team;
    if (!team) {
      $('team-updated').textContent = '';
      const key = state.cycle + '/' + teamId;
      const text = state.deleted.has(key) ? 'This team has no scores in this cycle any more.'
        : state.participation.has(key) ? 'No scores yet: none of this team\'s answers is counted in the scores so far.'
          : 'This team has no scores in this cycle.';
      status.replaceChildren(el('p', 'notice-inline', text));
      axes.replaceChildren();
      gaps.replaceChildren();
      raters.replaceChildren();
      return;
    }
    const k = team.minRaters;
    $('team-updated').textContent = 'Scores as of ' + when(team.updatedAt) + ' · anonymity threshold k = ' + k
      + (team.minChange ? ' · refreshed in steps of ' + team.minChange + ' raters' : '');
    const head = el('div', 'status-line');
    if (team.status === 'SUPPRESSED') {
      head.append(suppressedChip(k), el('span', 'muted',
        ' No cell has ' + k + ' or more raters yet, so nothing can be shown.'));
    } else {
      const overall = team.overall;
      head.append(styleChip(overall.style));
      const balance = el('span', 'overall-balance', 'Overall balance ' + signed(overall.balance));
      balance.dataset.field = 'overall-balance';
      head.append(balance);
    }
    const pendingLine = pendingText(team);
    if (pendingLine) {
      const line = el('p', 'notice-inline pending-note', pendingLine + ' (see "How to read this").');
      line.dataset.field = 'pending';
      status.replaceChildren(head, line);
    } else {
      status.replaceChildren(head);
    }

    axes.replaceChildren(...AXES.map((axis) => {
      const a = team.axes[axis];
      const block = el('div', 'axis');
      block.dataset.axis = axis;
      const title = el('div', 'axis-title');
      title.append(el('strong', null, AXIS_NAMES[axis]),
        el('span', 'muted small', ' leader ' + AXIS_POLES[axis][0] + ' · manager ' + AXIS_POLES[axis][1]));
      block.append(title, meanBar('Leader', a.leader, k, 'leader'), meanBar('Manager', a.manager, k, 'manager'));
      const balance = el('div', 'axis-balance small');
      balance.dataset.field = 'balance';
      balance.append(el('span', 'muted', 'Balance '));
      balance.append(a.balance === null ? suppressedChip(k) : el('strong', null, signed(a.balance)));
      block.append(balance);
      return block;
    }));

    gaps.replaceChildren(...AXES.map((axis) => gapRow(axis, team.axes[axis], k)));

    const table = el('table', 'raters-table');
    GROUPS.forEach(([group, label]) => {
      const count = team.raters[group] || 0;
      const row = el('tr');
      row.dataset.group = group;
      row.append(el('th', null, label), el('td', null, String(count)));
      let note = '';
      if (group === 'SELF') note = !count ? 'no self-rating' : count < k ? fewer(k) + ': no self-view'
        : 'feeds the self-view only';
      else if (count === 0) note = '';
      else if (count < k) note = fewer(k) + ': left out';
      else note = 'counted';
      row.append(el('td', count && count < k ? 'muted below-k-text' : 'muted', note));
      table.append(row);
    });
    raters.replaceChildren(table);
  }

  function gapRow(axis, a, k) {
    const row = el('div', 'gap-row');
    row.dataset.axis = axis;
    row.append(el('span', 'gap-axis', AXIS_NAMES[axis]));
    const scale = el('div', 'gap-scale');
    scale.append(el('div', 'gap-zero'));
    const position = (v) => (50 + Math.max(-1, Math.min(1, v / MAX_BALANCE)) * 50) + '%';
    if (a.balance !== null) {
      const others = el('span', 'marker others');
      others.style.left = position(a.balance);
      others.title = 'Others: ' + signed(a.balance);
      scale.append(others);
    }
    if (a.selfBalance !== null) {
      const self = el('span', 'marker self');
      self.style.left = position(a.selfBalance);
      self.title = 'Self: ' + signed(a.selfBalance);
      scale.append(self);
    }
    row.append(scale);
    const text = el('span', 'gap-text small');
    text.dataset.field = 'gap';
    if (a.selfBalance === null) text.textContent = 'self-view: ' + fewer(k) + ' rated themselves';
    else if (a.balance === null) text.textContent = 'others: ' + fewer(k);
    else text.textContent = 'self ' + signed(a.selfBalance) + ' · others ' + signed(a.balance) + ' · gap '
      + signed(a.gap);
    row.append(text);
    return row;
  }

  // ---- participation --------------------------------------------------------------------------------------------

  /** "67%", or "—" when nobody was nominated (the rate is null then). */
  const percent = (rate) => (rate === null || rate === undefined ? '\u2014' : Math.round(rate * 100) + '%');
  const groupLabel = (group) => (GROUPS.find(([g]) => g === group) || [group, group])[1];
  const atRiskGroups = (team) => GROUPS.map(([g]) => g).filter((g) => team.groups[g] && team.groups[g].atRisk);

  function atRiskChip(k) {
    const chip = el('span', 'chip at-risk-chip', 'at risk');
    chip.title = 'Nominated, but fewer than k = ' + k + ' of its raters are counted: this group will be left out of '
      + 'the scores unless more of them answer';
    return chip;
  }

  /** A bar of responded against invited, the numbers written on it. */
  function rateBar(responded, invited, rate) {
    const wrap = el('div', 'rate');
    const track = el('div', 'rate-track');
    if (invited > 0) {
      const fill = el('div', 'rate-fill');
      fill.style.width = Math.max(0, Math.min(1, responded / invited)) * 100 + '%';
      track.append(fill);
    } else {
      track.classList.add('hatched');
    }
    const value = el('span', 'rate-value', percent(rate));
    value.dataset.field = 'rate';
    wrap.append(track, value);
    return wrap;
  }

  /** The cycle overview: one row per team, teams with a group at risk first, and the totals. */
  function renderParticipation(changedTeamId) {
    const teams = [...state.participation.values()].sort((a, b) => (atRiskGroups(b).length > 0)
      - (atRiskGroups(a).length > 0) || byTeamId(a, b));
    const section = $('participation');
    section.hidden = teams.length === 0;
    const rows = teams.map((team) => {
      const risky = atRiskGroups(team);
      const row = el('tr', risky.length ? 'at-risk' : null);
      row.dataset.team = team.teamId;
      const name = teamNameCell(team.teamId);
      const responded = el('td', 'num', team.responded + ' of ' + team.invited);
      responded.dataset.label = 'Responded';
      responded.dataset.field = 'responded';
      const rate = el('td');
      rate.dataset.label = 'Rate';
      rate.append(rateBar(team.responded, team.invited, team.rate));
      const risk = el('td');
      risk.dataset.label = 'At risk';
      risk.dataset.field = 'at-risk';
      if (risky.length) risky.forEach((g) => risk.append(el('span', 'chip at-risk-chip', groupLabel(g))));
      else risk.append(el('span', 'muted', '\u2014'));
      const unnominated = el('td', 'num', String(team.unnominated));
      unnominated.dataset.label = 'Unnominated';
      unnominated.dataset.field = 'unnominated';
      row.append(name, responded, rate, risk, unnominated);
      if (team.teamId === changedTeamId) row.classList.add('flash');
      // A click anywhere on the row opens the team too; the keyboard and screen readers use the name's button.
      row.addEventListener('click', () => openTeam(team.teamId, true, true));
      return row;
    });
    $('participation-teams').tBodies[0].replaceChildren(...rows);
    const invited = teams.reduce((sum, t) => sum + t.invited, 0);
    const responded = teams.reduce((sum, t) => sum + t.responded, 0);
    const unnominated = teams.reduce((sum, t) => sum + t.unnominated, 0);
    const risky = teams.filter((t) => atRiskGroups(t).length > 0);
    const groups = teams.reduce((sum, t) => sum + atRiskGroups(t).length, 0);
    const totals = $('participation-totals');
    totals.textContent = responded + ' of ' + invited + ' nominated raters answered ('
      + percent(invited ? responded / invited : null) + ') · ' + risky.length + (risky.length === 1 ? ' team' : ' teams')
      + ' with ' + groups + (groups === 1 ? ' group' : ' groups') + ' at risk · ' + unnominated
      + (unnominated === 1 ? ' response' : ' responses') + ' without a nomination';
  }

  /** The open team's participation: a bar per rater group, counted raters against k, at-risk groups marked. */
  function renderTeamParticipation(teamId) {
    const box = $('team-participation');
    const team = state.participation.get(state.cycle + '/' + teamId);
    if (!team) {
      box.replaceChildren(el('p', 'muted small', 'No nominations and no responses for this team in this cycle.'));
      return;
    }
    const k = team.minRaters;
    const rows = GROUPS.filter(([group]) => team.groups[group]).map(([group, label]) => {
      const g = team.groups[group];
      const row = el('div', 'part-row' + (g.atRisk ? ' at-risk' : ''));
      row.dataset.group = group;
      row.append(el('span', 'bar-label', label));
      const bar = rateBar(g.responded, g.invited, g.rate);
      const responded = el('span', 'rate-text', g.invited ? g.responded + ' of ' + g.invited : 'not nominated');
      responded.dataset.field = 'responded';
      bar.querySelector('.rate-track').append(responded);
      row.append(bar);
      const detail = el('div', 'part-detail small');
      const counted = el('span', g.counted < k ? 'below-k-text' : null, 'counted ' + g.counted + ' of k = ' + k);
      counted.dataset.field = 'counted';
      counted.title = 'Raters of this group the scores count (the anonymity threshold applies to them)';
      detail.append(counted);
      if (g.atRisk) detail.append(' ', atRiskChip(k));
      row.append(detail);
      return row;
    });
    if (!rows.length) rows.push(el('p', 'muted small', 'Nobody nominated and no response counted yet.'));
    const n = team.unnominated;
    const unnominated = el('p', 'small' + (n ? '' : ' muted'), n + (n === 1 ? ' response' : ' responses')
      + ' without a nomination' + (team.roster === 'strict' ? ' (held: the strict roster counts them nowhere)'
        : n ? ' (counted in the scores: open roster)' : ''));
    unnominated.dataset.field = 'unnominated';
    const overall = el('p', 'muted small', team.responded + ' of ' + team.invited + ' nominated raters answered ('
      + percent(team.rate) + ') · as of ' + when(team.updatedAt));
    box.replaceChildren(...rows, unnominated, overall);
  }

  // ---- wiring ---------------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('cycle').addEventListener('change', (event) => {
      if (!event.target.value) return;
      state.cycle = event.target.value;
      state.selected = null;
      writeHash();
      reload();
    });
    $('team-close').addEventListener('click', () => closeTeam());
    window.addEventListener('hashchange', followHash);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && state.selected) closeTeam();
    });
    connect();
  });
})();
