var e=`# What's new

What changed for you in each version of the portal, newest first (\`portal version\` prints the
installed version).

## December 2026 {#2026-12}

- **Help inside the portal**: the client, administrator and operations guides read in **Help**,
  with their screenshots, a table of contents, a search and a printable PDF. The **?** button next
  to each screen's title opens the right section.
- **Installable app**: add the portal to your phone's home screen; without a network it shows
  "You are offline" instead of an error.
- **To do** (« À traiter »): the dashboard shows what waits for an action (versions to approve,
  retours to confirm or to acknowledge, blocking ones, retours without an answer).
- **Retours**: defects, change requests and questions followed until they are closed.
- **Tasks** inside steps, and progress that counts them (**Why 42 %?**).
- **Due-date calendar** to add to your calendar application.
- **Internal notes** for the staff in the conversations.
- **Several servers** (operations): files in an S3-compatible store and live events shared
  through NATS; \`portal storage migrate\` moves the files.

## November 2026 {#2026-11}

- Two-factor sign-in, recovery codes, open sessions in **My account**.
- E-mail notifications as you choose: immediately, daily digest or none.
- Statistics, PDF and CSV follow-up reports, audit log.
`;export{e as default};