// Members (会员): the two-step membership application (anyone), the exchange's member review queue and
// member list, and an organisation administrator's users page. All served by the Identity service.
import { t, v } from '../i18n.js';
import { ApiError, get, post, put, query } from '../api.js';
import {
  h, clear, form, field, input, select, submit, values, pager, section, banner, badge, dl, day, when, errorBanner, textarea, showErrors, link, table,
} from '../ui.js';

const KINDS = ['UniversityOrInstitute', 'Enterprise', 'Bank', 'GuaranteeInstitution', 'ServiceAgency'];
const ROLES = ['administrator', 'operator', 'signer'];

/** 会员入会申请: step one checks the organisation (and that its code is free) at the service; step two names the contact and the administrator. */
export async function apply(main) {
  const application = { organisation: {}, contact: {}, administrator: {} };
  const steps = (current) => h('ol', { class: 'steps' },
    h('li', { class: current === 1 ? 'current' : '' }, t('apply.step1')), h('li', { class: current === 2 ? 'current' : '' }, t('apply.step2')));

  function stepOne() {
    const o = application.organisation;
    const f = form(async (el) => {
      const entered = values(el);
      const organisation = {
        legalName: entered['organisation.legalName'], creditCode: entered['organisation.creditCode'], kind: entered['organisation.kind'],
        region: entered['organisation.region'], group: entered['organisation.group'] || null, licenceNumber: entered['organisation.licenceNumber'],
        licenceIssuedOn: entered['organisation.licenceIssuedOn'],
      };
      // The check endpoint names fields as the application does (organisation.creditCode …), so errors land beside them.
      const checked = await submit(el, () => post('/api/organisations/applications/check', organisation).catch((error) => { throw prefixed(error, 'organisation'); }));
      if (checked) {
        application.organisation = { ...organisation, creditCode: checked.creditCode };
        stepTwo();
      }
    },
    field(t('apply.legalName'), 'organisation.legalName', input({ value: o.legalName ?? '', 'data-test': 'legal-name' })),
    field(t('apply.creditCode'), 'organisation.creditCode', input({ value: o.creditCode ?? '', maxlength: 24, 'data-test': 'credit-code' }), t('apply.creditCodeHelp')),
    field(t('apply.kind'), 'organisation.kind', select(KINDS, { value: o.kind ?? 'Enterprise', 'data-test': 'kind' }, (k) => v('OrganisationKind', k))),
    field(t('apply.region'), 'organisation.region', input({ value: o.region ?? '', 'data-test': 'region' })),
    field(t('apply.group'), 'organisation.group', input({ value: o.group ?? '', 'data-test': 'group' })),
    field(t('apply.licenceNumber'), 'organisation.licenceNumber', input({ value: o.licenceNumber ?? '', 'data-test': 'licence-number' })),
    field(t('apply.licenceIssuedOn'), 'organisation.licenceIssuedOn', input({ type: 'date', value: o.licenceIssuedOn ?? '', 'data-test': 'licence-date' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'data-test': 'apply-next' }, t('apply.next'))));
    clear(main, h('div', { class: 'apply' }, h('h1', {}, t('apply.title')), steps(1), section(t('apply.step1'), f)));
  }

  function stepTwo() {
    const o = application.organisation;
    const password = input({ type: 'password', autocomplete: 'new-password', 'data-test': 'admin-password' });
    const confirm = input({ type: 'password', autocomplete: 'new-password', 'data-test': 'admin-password-again' });
    const f = form(async (el) => {
      const entered = values(el);
      application.contact = { name: entered['contact.name'], phone: entered['contact.phone'], email: entered['contact.email'] };
      application.administrator = {
        userName: entered['administrator.userName'], name: entered['administrator.name'], email: entered['administrator.email'], password: password.value,
      };
      if (password.value !== confirm.value) {
        showErrors(el, new ApiError(400, { title: t('apply.passwordMismatch'), errors: { confirmPassword: [t('apply.passwordMismatch')] } }));
        return;
      }
      const accepted = await submit(el, () => post('/api/organisations/applications', application));
      if (accepted) {
        clear(main, h('div', { class: 'apply' }, h('h1', {}, t('apply.title')),
          banner('ok', h('span', { 'data-test': 'application-submitted' }, t('apply.submitted', { id: accepted.organisationId, user: accepted.administratorUserName }))),
          h('p', {}, link('/login', t('apply.toLogin')))));
      }
    },
    field(t('apply.contactName'), 'contact.name', input({ value: application.contact.name ?? '', 'data-test': 'contact-name' })),
    field(t('apply.contactPhone'), 'contact.phone', input({ type: 'tel', value: application.contact.phone ?? '', 'data-test': 'contact-phone' })),
    field(t('apply.contactEmail'), 'contact.email', input({ type: 'email', value: application.contact.email ?? '', 'data-test': 'contact-email' })),
    field(t('apply.adminUserName'), 'administrator.userName', input({ value: application.administrator.userName ?? '', autocomplete: 'username', 'data-test': 'admin-username' }), t('apply.adminUserNameHelp')),
    field(t('apply.adminName'), 'administrator.name', input({ value: application.administrator.name ?? '', 'data-test': 'admin-name' })),
    field(t('apply.adminEmail'), 'administrator.email', input({ type: 'email', value: application.administrator.email ?? '', 'data-test': 'admin-email' })),
    field(t('apply.adminPassword'), 'administrator.password', password, t('apply.adminPasswordHelp')),
    field(t('apply.confirmPassword'), 'confirmPassword', confirm),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: stepOne, 'data-test': 'apply-back' }, t('apply.back')),
      h('button', { type: 'submit', class: 'primary', 'data-test': 'apply-submit' }, t('apply.submit'))));
    clear(main, h('div', { class: 'apply' }, h('h1', {}, t('apply.title')), steps(2),
      section(t('apply.step1'), dl([[t('apply.legalName'), o.legalName], [t('apply.creditCode'), o.creditCode], [t('apply.kind'), v('OrganisationKind', o.kind)],
        [t('apply.region'), o.region], o.group ? [t('apply.group'), o.group] : null, [t('apply.licenceNumber'), `${o.licenceNumber} · ${o.licenceIssuedOn}`]])),
      section(t('apply.step2'), f)));
  }

  stepOne();
}

// The check endpoint takes the organisation alone and names its fields without the prefix the form uses.
function prefixed(error, prefix) {
  if (!(error instanceof ApiError)) return error;
  const named = (all) => Object.fromEntries(Object.entries(all ?? {}).map(([k, m]) => [k.startsWith(`${prefix}.`) ? k : `${prefix}.${k}`, m]));
  return new ApiError(error.status, { ...error.problem, errors: named(error.errors), codes: named(error.problem.codes) });
}

// What the last decision did, shown above the list it was taken from once that list is read again.
let decided = null;

/** 会员审核: the applications oldest first, then every member with its status; verify, reject, suspend, reinstate. */
export async function review(main, { query: q, navigate }) {
  const status = q.status ?? 'Applied';
  const page = Number(q.page ?? 1);
  const result = await get(`/api/organisations${query({ status: status === 'All' ? undefined : status, q: q.q, page, pageSize: 10 })}`);
  const notice = h('div', {}, decided ? banner('ok', decided) : null);
  decided = null;
  const act = async (el, path, body, message) => {
    const answer = await submit(el, () => post(path, body));
    if (answer) { decided = message(answer); navigate(`/members${query({ status, q: q.q, page })}`, true); }
  };
  const tabs = h('div', { class: 'toolbar' }, ['Applied', 'Verified', 'Suspended', 'Rejected', 'All'].map((s) =>
    h('button', { type: 'button', class: s === status ? 'primary' : '', 'data-test': `status-${s}`, onclick: () => navigate(`/members${query({ status: s })}`) },
      s === 'All' ? t('common.all') : v('OrganisationStatus', s))));
  const search = form((el) => navigate(`/members${query({ status, q: values(el).q })}`),
    h('div', { class: 'toolbar' }, field(t('members.search'), 'q', input({ value: q.q ?? '' })), h('button', { type: 'submit' }, t('common.search'))));

  const card = (o) => {
    const reasonForm = (label, path, message, test) => {
      const f = form((el) => act(el, path, { reason: values(el).reason }, message), field(t('members.reason'), 'reason', textarea({ rows: 2, 'data-test': `${test}-reason` })),
        h('button', { type: 'submit', 'data-test': test }, label));
      return h('details', {}, h('summary', {}, label), f);
    };
    const actions = [];
    if (o.status === 'Applied') {
      const verify = form((el) => act(el, `/api/organisations/${o.id}/verify`, {}, () => t('members.verified', { name: o.legalName })),
        h('button', { type: 'submit', class: 'primary', 'data-test': 'verify' }, t('members.verify')));
      actions.push(verify, reasonForm(t('members.reject'), `/api/organisations/${o.id}/reject`, () => t('members.rejected', { name: o.legalName }), 'reject'));
    } else if (o.status === 'Verified' && o.kind !== 'Exchange') {
      actions.push(reasonForm(t('members.suspend'), `/api/organisations/${o.id}/suspend`, () => t('members.suspended', { name: o.legalName }), 'suspend'));
    } else if (o.status === 'Suspended') {
      actions.push(form((el) => act(el, `/api/organisations/${o.id}/reinstate`, {}, () => t('members.reinstated', { name: o.legalName })),
        h('button', { type: 'submit', class: 'primary', 'data-test': 'reinstate' }, t('members.reinstate'))));
    }
    return h('li', { class: 'listing-card', dataset: { organisation: o.id } },
      h('h3', {}, o.legalName, badge('OrganisationStatus', o.status)),
      dl([[t('members.creditCode'), h('code', {}, o.creditCode)], [t('members.kind'), v('OrganisationKind', o.kind)], [t('members.region'), o.region],
        o.group ? [t('members.group'), o.group] : null, [t('members.licence'), `${o.licence.number} · ${day(o.licence.issuedOn)}`],
        [t('members.contact'), `${o.contact.name} · ${o.contact.phone} · ${o.contact.email}`], [t('members.appliedAt'), when(o.appliedAt)],
        o.reason ? [t('members.reasonShown'), o.reason] : null]),
      h('div', { class: 'actions' }, actions));
  };

  clear(main, h('h1', {}, t('members.title')), tabs, search, notice,
    result.items.length ? h('ul', { class: 'cards' }, result.items.map(card)) : h('p', { class: 'empty' }, t('common.none')),
    pager(result, (p) => navigate(`/members${query({ status, q: q.q, page: p })}`)));
}

/** 用户管理: the organisation administrator invites users and sets their roles; a locked-out user is let in again. */
export async function users(main, { session, rerender }) {
  const list = await get('/api/users');
  const notice = h('div');
  const roleBoxes = (chosen, name) => h('div', { class: 'checks' }, ROLES.map((r) => h('label', {},
    h('input', { type: 'checkbox', name, value: r, checked: chosen.includes(r), 'data-test': `role-${r}` }), ' ', v('OrganisationRole', r))));

  const invite = form(async (el) => {
    const entered = values(el);
    const created = await submit(el, () => post('/api/users', { userName: entered.userName, name: entered.name, email: entered.email, roles: entered.roles }));
    if (created) {
      await rerender();
      document.querySelector('#main .invite-notice')?.replaceChildren(banner('ok', h('span', { 'data-test': 'invited' }, t('users.invited', { name: created.name, email: created.email }))));
    }
  },
  h('div', { class: 'grid' },
    field(t('users.userName'), 'userName', input({ autocomplete: 'off', 'data-test': 'invite-username' })),
    field(t('users.name'), 'name', input({ 'data-test': 'invite-name' })),
    field(t('users.email'), 'email', input({ type: 'email', 'data-test': 'invite-email' }))),
  field(t('users.roles'), 'roles', roleBoxes(['operator'], 'roles'), t('users.rolesHelp')),
  h('button', { type: 'submit', class: 'primary', 'data-test': 'invite' }, t('users.invite')));

  const row = (u) => {
    const rolesForm = form(async (el) => {
      const saved = await submit(el, () => put(`/api/users/${u.id}/roles`, { roles: values(el)[`roles-${u.id}`] }, { ifMatch: `"${u.version}"` }));
      if (saved) {
        u.version = saved.version; // the next save on this row is based on what was just saved
        clear(notice, banner('ok', t('users.rolesSaved', { name: u.name })));
      }
    }, field(t('users.roles'), `roles-${u.id}`, roleBoxes(u.roles, `roles-${u.id}`)),
    h('button', { type: 'submit', 'data-test': 'save-roles' }, t('users.saveRoles')));
    // The API names the field "roles"; one form per user, so the error lands under this user's boxes.
    rolesForm.querySelector('.field').dataset.field = 'roles';
    const status = u.lockedOut ? t('users.locked') : u.invitationPending ? t('users.pending') : t('users.active');
    return {
      ...u,
      status,
      rolesCell: rolesForm,
      actions: u.lockedOut ? h('button', { type: 'button', 'data-test': 'unlock', onclick: async () => {
        try { await post(`/api/users/${u.id}/unlock`); clear(notice, banner('ok', t('users.unlocked', { name: u.name }))); await rerender(); } catch (error) { clear(notice, errorBanner(error)); }
      } }, t('users.unlock')) : null,
    };
  };

  clear(main, h('h1', {}, t('users.title'), ' ', h('span', { class: 'meta' }, session.user.organisationName)), notice,
    section(t('users.invite'), h('div', { class: 'invite-notice' }), invite),
    table([
      { label: t('users.userName'), cell: (u) => h('span', { 'data-test': 'user-row' }, u.userName) },
      { label: t('users.name'), cell: (u) => u.name },
      { label: t('users.email'), cell: (u) => u.email ?? '—' },
      { label: t('users.status'), cell: (u) => u.status },
      { label: t('users.roles'), cell: (u) => u.rolesCell },
      { label: t('common.actions'), cell: (u) => u.actions },
    ], list.map(row)));
}

