// The GraphQL workbench: GraphiQL (window.GraphiQL, from graphiql's UMD bundle) plus a sign-in form.
// A plain browser script, no build step: it must run as served, under a policy with no inline code and no eval.
(function () {
  'use strict';

  // The page is served at the GraphQL endpoint itself, so a path prefix added by a proxy carries over.
  const endpoint = window.location.pathname;
  const SESSION_KEY = 'vendor-risk-register:workbench-session';
  const DEFAULT_QUERY = [
    '# 委託先リスク台帳の GraphQL ワークベンチ',
    '# 上の欄でサインインしてから実行してください (Ctrl-Enter)。',
    '# Sign in above, then run a query with Ctrl-Enter.',
    '',
    '{',
    '  me {',
    '    email',
    '    displayName',
    '    roles',
    '  }',
    '}',
    '',
  ].join('\n');

  const statusLine = document.getElementById('workbench-status');
  const signInForm = document.getElementById('sign-in');
  const signInButton = document.getElementById('sign-in-button');
  const signedIn = document.getElementById('signed-in');
  const signedInAs = document.getElementById('signed-in-as');
  const signOutButton = document.getElementById('sign-out');

  function showStatus(message, isError) {
    statusLine.textContent = message;
    statusLine.classList.toggle('is-error', Boolean(isError));
  }

  /** The signed-in session kept for this tab only, or null once it has expired. */
  function currentSession() {
    let session;
    try {
      session = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) || 'null');
    } catch {
      session = null;
    }
    if (session && Date.parse(session.expiresAt) <= Date.now()) {
      window.sessionStorage.removeItem(SESSION_KEY);
      return null;
    }
    return session;
  }

  function render() {
    const session = currentSession();
    signInForm.hidden = Boolean(session);
    signedIn.hidden = !session;
    signedInAs.textContent = session ? `サインイン中: ${session.email}（${session.organizationCode}）` : '';
  }

  // Apollo's CSRF prevention refuses a POST that is not application/json: every request here is.
  async function graphql(query, variables, token) {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await window.fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return response.json();
  }

  signInForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(signInForm);
    const input = {
      organizationCode: String(form.get('organizationCode') || '').trim(),
      email: String(form.get('email') || '').trim(),
      password: String(form.get('password') || ''),
    };
    if (!input.organizationCode || !input.email || !input.password) {
      showStatus('組織コード、メールアドレス、パスワードを入力してください。', true);
      return;
    }
    signInButton.disabled = true;
    showStatus('サインインしています…');
    graphql(
      'mutation WorkbenchLogin($input: LoginInput!) { login(input: $input) { accessToken expiresAt user { email mustChangePassword } } }',
      { input },
    )
      .then((body) => {
        const login = body.data && body.data.login;
        if (!login) {
          const error = body.errors && body.errors[0];
          showStatus(error ? error.message : 'サインインできませんでした。', true);
          return;
        }
        const session = {
          token: login.accessToken,
          expiresAt: login.expiresAt,
          email: login.user.email,
          organizationCode: input.organizationCode,
        };
        window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
        signInForm.reset();
        render();
        showStatus(login.user.mustChangePassword ? 'パスワードの変更が必要です: changePassword を実行してください。' : '');
      })
      .catch((error) => showStatus(`サインインできませんでした: ${error.message}`, true))
      .finally(() => {
        signInButton.disabled = false;
      });
  });

  signOutButton.addEventListener('click', () => {
    const session = currentSession();
    window.sessionStorage.removeItem(SESSION_KEY);
    render();
    showStatus('サインアウトしました。');
    // Revoke the token on the server too; the page has already forgotten it either way.
    if (session) graphql('mutation WorkbenchLogout { logout }', undefined, session.token).catch(() => undefined);
  });

  // GraphiQL's requests carry the session's bearer token, unless the headers editor sets its own.
  function fetchWithSession(url, init) {
    const headers = new Headers((init && init.headers) || {});
    const session = currentSession();
    if (session && !headers.has('authorization')) headers.set('authorization', `Bearer ${session.token}`);
    return window.fetch(url, { ...init, headers });
  }

  render();
  const GraphiQL = window.GraphiQL;
  const container = document.getElementById('graphiql');
  if (!GraphiQL || !window.React || !window.ReactDOM) {
    container.textContent = 'GraphiQL を読み込めませんでした (the GraphiQL bundle did not load).';
    return;
  }
  const fetcher = GraphiQL.createFetcher({ url: endpoint, fetch: fetchWithSession, enableIncrementalDelivery: false });
  window.ReactDOM.createRoot(container).render(
    window.React.createElement(
      GraphiQL,
      { fetcher, defaultQuery: DEFAULT_QUERY, shouldPersistHeaders: false, defaultEditorToolsVisibility: false },
      window.React.createElement(GraphiQL.Logo, null, '委託先リスク台帳'),
    ),
  );
})();
