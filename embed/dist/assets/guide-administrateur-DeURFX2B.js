var e=`# Administrator guide — BIGDATA CENTER portal

For the BIGDATA CENTER staff: a project's path, from creating the client to closing it. Every
action below is recorded in the audit log. The client guide shows what your clients see: read it
too. The portal's buttons are quoted as they read in English; the French interface calls feedback
« retours ».

## The dashboard {#tableau-de-bord}

Active clients, projects by status, late or at-risk projects, overdue steps (oldest first), and the
staff's **To do** section: **Feedback to take into account**, **Open blockers** and feedback
**unanswered for more than** a few working days (setting \`alerts.retour_response_days\`).

![The team's « To do » section on the dashboard](../images/a-traiter-equipe-ordinateur.png)

> **What you will see:** "Nothing is waiting for the team" when no new, blocking or late feedback
> is open.

On your first visits, the **First steps** card leads to the sections of this guide to start with:
creating a client, setting up a project, adding tasks, uploading a deliverable, handling feedback,
writing an internal note. **Hide** removes it for good in this browser (on another computer or
phone it shows once more).

## Creating a client and inviting its users {#clients}

1. **Clients** → **New client**: name, contact, details → **Create the client**.
2. On the client's page, **Invite a user**: name, e-mail, language → **Send the invitation**.
3. The person receives an e-mail to choose a password; they show as "Invitation sent" until they
   first sign in.

> **What you will see:** the client in the list, with the number of its users and projects.

> **If it does not work:** the invitation does not arrive: check the address and the spam folder,
> then **Send the invitation again** (the old link stops working). No e-mail leaves at all: see
> **Scheduled jobs** and the operations guide.

A client who no longer works with us is **archived**: its users can no longer sign in, its data
stays readable.

## Managing users {#utilisateurs}

**Users**: every account, admins included. Each row's actions menu can **Send the invitation
again**, **Disable** an account (it can no longer sign in, its sessions are closed) or **End
sessions** (for instance those of a lost computer).

## Setting up a project with its steps {#projets}

1. **Projects** → **New project**: client, name, description, start and end dates, status,
   project manager → **Create the project**.
2. On the project page, **Add a step**: title, due date, weight (1 to 100, its share of the
   progress). Reorder steps with **Move up** / **Move down**.
3. **Start the step** when work begins, **Mark delivered** when it is delivered; the client
   **approves** it by approving its deliverable.

![A project's page and its conversation](../images/projet-echanges-ordinateur.png)

> **What you will see:** progress is computed from the weights and the tasks; you never type it.
> **Why 42%?** under the bar details the computation.

![The "Why …%?" details open under the progress bar](../images/pourquoi-ordinateur.png)

> **If it does not work:** the project stays at 99% until its last step is delivered; an
> **upcoming** step does not count: start it.

### Tasks {#taches}

Under each step, **Add tasks**: paste a list, **one task per line** (bullets and numbers at the
start of a line are dropped, blank lines ignored; 200 tasks at most). Choose for the whole list the
**visibility** — **Visible to the client** or **Internal (staff only)** —, the assignee and the
due date.

- Change the **status** in place (To do, In progress, In review, Done).
- Each task's **⋯** menu: **Edit**, **Move up** / **Move down**, **Move to another step** (of the
  same project only), **Delete task**.
- The client sees visible tasks only; an internal task carries the **Internal** mark.
- An unfinished task past its due date triggers the daily **overdue alert**, for the staff only.
  Deleting a step deletes its tasks: the confirmation says how many.

![A step and its tasks, each with its status](../images/taches-etape-ordinateur.png)

![The "Add tasks" dialog with a pasted list](../images/taches-coller-ordinateur.png)

> **If it does not work:** when a line of the list is refused (over 200 characters…), the message
> gives its number and nothing is added: fix it and paste again.

### Linking a task to the feedback it answers {#taches-retour}

When a client's feedback calls for work, link the tasks that answer it: the client follows that
work from the feedback's page.

1. The task's **⋯** menu → **Edit**. The dialog holds every field of the task: title,
   description, status, visibility, assignee, due date.
2. **Feedback answered**: choose among the project's open feedback ("#2: The contact form returns
   an error"), then **Save**.

![The "Edit task" dialog and its "Feedback answered" field](../images/tache-retour-ordinateur.png)

> **What you will see:** under its title, the task reads "Answers feedback #2: …", a link to the
> feedback. The feedback's page lists its **Related tasks**, with their step and status. The
> client sees that link and those tasks when they are visible, never an internal task.

![The "Related tasks" on a feedback's page](../images/taches-liees-ordinateur.png)

> **If it does not work:** the feedback is not offered: it is closed, or it belongs to another
> project (a task only answers feedback of its own project). **None** removes the link.

## Uploading versions of a deliverable {#livrables}

1. **Deliverables** section → **Upload a deliverable**: title, step, note, file.
2. Progress, percentage and time left are shown; the client is notified.
3. A new version joins the same deliverable (**New version**): the client sees the versions and
   approves the latest.

> **If it does not work:** programs and scripts Windows runs on a double click (\`.exe\`, \`.msi\`,
> \`.bat\`, \`.cmd\`, \`.ps1\`, \`.js\`, \`.jar\`, \`.scr\`, \`.hta\`, \`.vbs\`, \`.lnk\`, \`.iso\`…) are refused:
> deliver them inside a \`.zip\`. A file over the maximum size is refused with that size.

## Handling the clients' feedback {#retours}

Clients report issues, change requests and questions as **feedback** (« retours » in French;
**Feedback** section of the project page). You may open one on the client's behalf (same **Open
feedback** button): its users are notified. On a piece of feedback's page:

1. **Acknowledge**: you become its assignee if it has none;
2. **Start work** while handling it;
3. **Resolve**: the **Resolution note** is required; pick the **Fixing version** when a new
   version of the deliverable solves it (upload it first under **Deliverables**).

Only the client closes (confirms) or reopens (with a comment) resolved feedback. Each move is kept
in the feedback's history and the audit log, and notified to the client. A **change request** on a
deliverable opens feedback linked to the version by itself.

![A new piece of feedback's page: priority, assignee and workflow buttons](../images/retour-equipe-ordinateur.png)

> **What you will see:** each project card shows its open feedback; feedback left unanswered too
> long raises a daily alert and appears under **To do**.

> **If it does not work:** closing is refused to you: the client confirms. Remind them in the
> feedback's discussion.

### Triaging feedback: priority and assignee {#trier-retours}

**Feedback** (*Follow-up* menu): the feedback of every project, filtered by client, project,
state, type, priority, age and assignee, sortable from the column headings, with **Export as
CSV**; the filters stay in the page's address (bookmark it). Feedback whose discussion holds
messages you have not read shows "N new messages": the count goes once you open its page.

Triage happens right in this list, without opening each piece of feedback:

1. **Priority** column: correct the one the client chose if needed (**Blocking**, **Major**,
   **Minor**).
2. **Assignee** column: give the feedback to a member of the team, or **Unassigned** for nobody.

Each choice is saved at once. The same lists sit at the top of the feedback's page; **Acknowledge**
also makes you the assignee when there is none.

![The feedback of every project, one assigned from its row](../images/retours-equipe-ordinateur.png)

> **What you will see:** a message confirms the change, such as “The contact form returns an
> error” assigned to Camille Admin. The new assignee gets the notification “Camille Admin assigned
> you the feedback …”, and an e-mail as their preferences say. The audit log records the action
> \`retour.triage\` with the old and new priority and assignee. The client sees the priority and
> the assignee's name on the feedback's page.

> **If it does not work:** the list goes back to its previous value and the message says why:
> "Choose an active member of the team as the feedback's assignee" when the account chosen was
> disabled meanwhile (a disabled assignee stays shown until you choose another).

## Exchanges and internal notes {#echanges}

Each project's **Exchanges** section works as for the client; an admin may delete any message.

### Internal notes {#notes-internes}

To write what the client must not read (a margin, a risk, an instruction to a colleague), tick
**Internal note (visible to the team only)** above the text box: the frame turns yellow and the
button reads **Save the internal note**. Files attach as to a message.

- The note shows in a dashed yellow frame marked "Internal note — visible to the team only". The
  client never sees it: not in the conversation, counts, notifications, e-mails or reports.
- The box is unticked after each note: the next message goes to the client again.
- A note stays internal for ever; it does not count as an answer to the client.

![An internal note in the conversation, as the team sees it](../images/note-interne-ordinateur.png)

The same box is in the **Discussion of this feedback** of each piece of feedback: note a lead, an
estimate or an instruction about that feedback alone. Only the project's team is notified, and the
note does not change the feedback's state: only **Acknowledge** takes it out of the feedback to
take into account under **To do**. The **New messages** line marks, there too, where you had
stopped.

![An internal note in a feedback's discussion, before the client's precision](../images/retour-note-interne-ordinateur.png)

> **If it does not work:** the history's CSV export flags notes in its "internal note" column:
> check it before sending an export to a client.

### History of exchanges {#historique-echanges}

**Exchanges** (*Follow-up* menu): every message, internal notes marked, filtered by client,
project, author, dates and words, with **Export as CSV**.

![The history of exchanges](../images/historique-echanges-ordinateur.png)

## Statistics {#statistiques}

**Statistics**: choose the period and the client. Monthly charts (projects created, steps delivered
on time or late, versions uploaded and approvals), each with its table of figures; share of change
requests, average decision and answer times; rankings of the most active and the latest clients.
For **feedback**: opened and closed per month, times to acknowledge and resolve (median and 90th
percentile), reopen rate, open feedback by priority and age.

![Statistics on a computer](../images/statistiques-ordinateur.png)

![Statistics on a phone](../images/statistiques-telephone.png)

## Follow-up reports {#rapports}

**PDF report** / **CSV report** on a project's page, or on a client's page (all its projects).
Reports hold progress, steps, open feedback and their figures, never internal notes. The client's
users may download those of their projects.

## Audit log {#journal}

**Audit log** (*Follow-up* menu): sign-ins, changes, downloads, feedback moves, feedback triage…
filtered by person, client, action, target and dates; **Export as CSV**. The log cannot be
changed: each line is chained to the one before.

> **What you will see:** actions read like \`user.login\` or \`retour.resolu\`; type \`retour.triage\`
> in the **Action** filter to find who changed a piece of feedback's priority or assignee, with
> the old and new values.

## Scheduled jobs {#taches-planifiees}

**Scheduled jobs** (*Follow-up* menu): each run of the backups, notification e-mails, overdue
alerts and clean-up, with its result (Succeeded, Failed, Skipped, Running).

![The scheduled jobs page](../images/taches-planifiees-ordinateur.png)

> **If it does not work:** a failed backup is also e-mailed to every admin; pass it on to
> operations (operations guide, "Backups").

## Deadlines calendar {#calendrier}

Like clients, each staff member can turn on in **My account** → **Deadlines calendar** a private
address to add to their calendar. It holds the due dates of the steps and tasks of **every**
project (internal tasks included), from 90 days back to about 13 months ahead. **Renew the
address** or **Turn off** ends the old one at once.

![The deadlines calendar turned on in "My account"](../images/calendrier-ordinateur.png)

> **If it does not work:** a calendar application that reads the address more than 60 times an
> hour is held off for an hour; a disabled account loses its calendar.
`;export{e as default};