var e=`# Client guide — BIGDATA CENTER portal

This guide walks a client company's users through the portal step by step: signing in, following a
project, deciding on a deliverable, reporting a problem, talking with the team and getting the due
dates in their calendar. Every screen of the portal has a **?** button next to its title that opens
the matching section of this guide. The portal's buttons are quoted as they read in English; the
French interface calls feedback « retours ».

## First sign-in {#premiere-connexion}

1. Open the invitation e-mail and click its link.
2. Choose your password: at least 8 characters, 12 or more recommended (a sentence of a few words
   is easy to remember). Type it twice, then **Save**.
3. You land on the **Sign in** page: type your e-mail address and this password, then **Sign in**.

![The sign-in page on a phone](../images/connexion-telephone.png)

> **What you will see:** your dashboard, with your company's projects. Your name and your
> company's appear in the menu.

> **If it does not work:** "This invitation link has expired": ask your project manager for a
> new one. "Incorrect e-mail or password": check the address (the one invited) and Caps Lock;
> after several attempts the portal makes you wait a few minutes.

### Forgotten password {#mot-de-passe-oublie}

On the sign-in page, **Forgot your password?**, type your address, then follow the link received
by e-mail (valid for an hour). At most three requests an hour send an e-mail: check your spam
folder and use the most recent link.

## Two-step verification {#double-authentification}

Recommended to protect your company's documents.

1. **My account** → **Two-step verification** → **Turn on two-step verification**.
2. Scan the QR code with an authenticator app (FreeOTP, Google Authenticator, Microsoft
   Authenticator…), or type the key shown.
3. Type the 6-digit code the app shows, then **Turn on**.
4. **Print or write down your recovery codes** and keep them safe: each replaces the app's code
   once.

> **What you will see:** at each sign-in, after the password, the portal asks for the app's
> 6-digit code.

> **If it does not work:** a refused code often comes from the phone's clock: set it to
> automatic. Lost phone: sign in with a recovery code, then turn two-step verification off and on
> again with the new phone. No recovery codes left: contact your project manager.

## My account {#mon-compte}

**My account** holds your name, the **language** of the portal and its e-mails (French or
English), your **password**, **two-step verification**, your **Signed-in devices** (sign out of
them all when a device is lost or shared), the choice of **notification e-mails** and the
**Deadlines calendar**.

## The dashboard {#tableau-de-bord}

The first page after signing in. It shows:

- the **To do** section: what waits for you — **Versions to approve**, **Resolved feedback to
  confirm** and **The team's questions** still unanswered, with how many working days they have
  waited;
- your projects, their progress as a percentage, the next step and the number of open feedback;
- your latest deliverables.

A red badge "2 new messages" points to a conversation to read.

![The dashboard on a phone](../images/tableau-de-bord-client-telephone.png)

![The client's "To do" section on a phone](../images/a-traiter-client-telephone.png)

> **What you will see:** "Nothing is waiting for you" when no action is expected from you.

On your first visits, the **First steps** card offers the sections of this guide to start with:
signing in and protecting your account, following a project, deciding on a deliverable, reporting
a problem, talking with the team, getting the due dates in your calendar. **Hide** removes it for
good in this browser; it shows once more on another device.

![The "First steps" card on a phone](../images/premiers-pas-telephone.png)

## Following a project {#projet}

**Projects** → the project's name. The page holds the description, the dates, the status (**In
progress**, **On hold**, **Done**), the progress bar, the steps and their tasks, the deliverables,
the feedback, the exchanges and the history.

![A project's page on a phone](../images/projet-telephone.png)

- **PDF report** / **CSV report**: the project's follow-up report, to pass on internally.
- **Print**: a clean A4 version of the page.

> **What you will see:** each step with its state (upcoming, in progress, delivered, approved) and
> its due date; an overdue step carries an alert symbol and the word "Overdue".

### The tasks of each step {#taches}

Under each step the team details its work as **tasks**: you see their title, status (**To do**,
**In progress**, **In review**, **Done**), due date, and the count "7 of 12 tasks done". They are
read-only: to react, write in the project's exchanges. The team may also have internal tasks,
which you are not shown. Each task done appears in the **Project history**.

A task that answers one of your pieces of feedback says so under its title: "Answers feedback #2:
…", a link to that feedback. On the feedback's page, the **Related tasks** section in turn shows
the work planned to answer it, with each task's step and status.

![A step's tasks as the client sees them on a phone](../images/taches-client-telephone.png)

### Where does the progress percentage come from? {#avancement}

Click **Why 42%?** under the progress bar: the table shows, for each step, its weight, what of it
counts and the points it adds. A delivered or approved step counts entirely; a step in progress
counts in proportion to its finished tasks (the team's internal work included); an upcoming step
does not count yet. The project shows 100% only once every step is delivered.

## Deciding on a deliverable {#livrables}

1. On the project page, **Deliverables** section: click **Download** next to the version. A bar
   shows the progress, the percentage and the time left.
2. Check the file. The **SHA-256 fingerprint** shown lets you check that it is intact.
3. **Approve** if the version suits you, or **Request changes**, explaining what must change
   (required).

> **What you will see:** the version reads "Approved" with your name and the date; a change
> request opens **feedback** linked to the version by itself (see below).

> **If it does not work:** an interrupted download starts again with the same button. A file
> your antivirus blocks: tell your project manager in the exchanges.

## Reporting a problem: feedback {#retours}

An issue found during acceptance, a change request, a question: open **feedback** (« retour » in
French) rather than sending an e-mail; it is followed until it is closed.

1. On the project page, **Feedback** section → **Open feedback**.
2. Choose the **Type** (Issue, Change request, Question) and the **Priority** (Blocking, Major,
   Minor), give a **Title** and describe what you did, what you expected and what happened.
3. If useful, name the **step** and the deliverable **version** concerned, and attach your
   **screenshots** (same rules as message attachments).
4. **Send the feedback**: the team is notified and the feedback's page opens.

### Following feedback until it is closed {#suivre-retour}

Feedback goes through **New** → **Acknowledged** → **In progress** → **Resolved**. You are
notified of each change and it is listed in the feedback's **History**. The team gives it to one
of its members, whose name shows as **Assignee**, and may adjust its priority; the **Related
tasks**, when there are some, show the work planned to answer it. Once it is **Resolved**,
read the resolution note, download the fixed version if one is named, then:

- **Confirm and close** if the resolution suits you;
- **Reopen** otherwise, explaining what is wrong (required): the team takes it up again.

Each piece of feedback has its own **Discussion of this feedback**, apart from the project's
exchanges. The feedback list filters by state, type, priority and step, sorts from the column
headings (on a phone: **Sort by**), and exports as CSV. Feedback with messages from the team you
have not read yet shows "N new messages"; the count goes when you open it, where a **New
messages** line marks where you had stopped.

![Resolved feedback opened from the project page, on a phone](../images/retour-client-telephone.png)

> **What you will see:** the dashboard and the project cards show the number of open feedback;
> those waiting for your confirmation appear under **To do**.

> **If it does not work:** **Confirm and close** only appears on **Resolved** feedback; a
> screenshot that is too large is refused with the maximum size: shrink it or send it as \`.zip\`.

## Talking with the team {#echanges}

**Exchanges** section at the bottom of the project page:

1. Write in **Your message**, then **Send** (or Ctrl + Enter).
2. **Attach files**: a progress bar shows while they are sent.
3. You can **Edit** or **Delete** your message for 15 minutes.

The team's messages carry the "BIGDATA team" badge; new ones arrive without reloading the page,
after the "New messages" marker.

![The conversation on a phone](../images/echanges-telephone.png)

> **If it does not work:** a message that cannot be sent stays in the text box with the reason
> (connection lost, file too large): nothing is lost, try again.

## Notifications {#notifications}

The bell at the top of the screen shows the number of unread notifications (new message, new
deliverable, step delivered, feedback acknowledged or resolved…). Click one to open its page, or
**Mark all as read**.

![Notifications on a phone](../images/notifications-telephone.png)

To choose the e-mails: **My account** → **Notifications**; for each kind of event, **Immediate
e-mail**, **Daily digest** (at the hour you choose) or **No e-mail**.

## Due dates in your calendar {#calendrier}

1. **My account** → **Deadlines calendar** → **Turn the calendar on**.
2. A private address shows **once only**: copy it.
3. In your calendar application, subscribe to a calendar by URL (Thunderbird: *New calendar → On
   the network*; Outlook: *Add calendar → From Internet*; Google Calendar: *Other calendars → + →
   From URL*).

> **What you will see:** the due dates of your projects' steps and tasks, kept up to date by
> themselves; a "✓" marks what is done.

> **If it does not work:** this address gives access to your due dates without a password: do
> not share it. If it has been passed around, **Renew the address** (the old one stops working at
> once: replace it in your calendar) or **Turn off**.

## Installing the portal on your phone {#installer}

The portal installs like an app: in Chrome (Android), menu **⋮** → **Install app**; in Safari
(iPhone), **Share** → **Add to Home Screen**. It then opens full screen, and shows "You are
offline" instead of an error when there is no network.
`;export{e as default};