var e=`# What's new

What changed for you in each version of the portal, newest first. Versions are named after the
month they went live (\`portal version\` prints the exact number of the one installed). Each point
leads to the section of the guide that explains it.

## December 2026 version {#2026-12}

### For everyone {#2026-12-tous}

- **Help inside the portal**: the client, administrator and operations guides read in **Help**,
  with their screenshots, a table of contents, a search and a printable PDF. The **?** button next
  to each screen's title opens the right section.
- **First steps**: on your first visits, a card on the dashboard leads to the sections of the
  guide to start with; **Hide** removes it for good.
- **Installable app**: add the portal to your phone's home screen; without a network it shows
  "You are offline" instead of an error, and it updates itself with each new version.
- **To do**: the dashboard shows what waits for an action (versions to approve, feedback to
  confirm or to take into account, blockers, feedback and questions without an answer).
- **Tasks** inside steps: status, due date, visibility; progress counts them, and **Why 42%?**
  under the bar details the computation.
- **Feedback** (« retours »): issues, change requests and questions followed until they are
  closed, each with its own discussion; "N new messages" on the lists until you have read them,
  and a **New messages** line where you had stopped.
- **Related tasks**: a task may answer a piece of feedback; the feedback's page shows the work
  planned, the task links back to the feedback.
- **Due-date calendar**: the due dates of steps and tasks in your calendar application
  (Thunderbird, Outlook, Google Calendar), through a private address.
- Dates are typed dd/mm/yyyy in English (jj/mm/aaaa in French), whatever the browser.

### For the staff {#2026-12-equipe}

- **Feedback triage**: priority and assignee are set from the **Feedback** list or the feedback's
  page; the assignee is notified and each change is recorded in the audit log.
- **Add tasks** by pasting a list, one task per line; internal tasks the client never sees; a
  daily alert for overdue tasks.
- **Internal notes** in a project's messages and in a piece of feedback's discussion: never shown
  to the client.
- The feedback lists sort from their column headings and keep their filters in the page's address.

### For operations {#2026-12-exploitation}

- **Several servers**: files in an S3-compatible store and live events shared through NATS;
  \`portal storage migrate\` moves the files; \`/readyz\` reports on both.
- A request cut by the loss of the database answers "try again" (503) instead of an error: the
  same action sent again is saved only once.

## November 2026 version {#2026-11}

- Two-factor sign-in, recovery codes, open sessions in **My account**.
- E-mail notifications as you choose: immediately, daily digest or none.
- Statistics, PDF and CSV follow-up reports, audit log.
`;export{e as default};