var e=`# Guide de l'administrateur — Portail BIGDATA CENTER

Pour l'équipe BIGDATA CENTER : le parcours d'un projet, de la création du client à sa clôture.
Toutes les actions ci-dessous sont enregistrées dans le journal d'audit. Le guide du client montre
ce que vos clients voient ; lisez-le aussi.

## Le tableau de bord {#tableau-de-bord}

Clients actifs, projets par statut, projets en retard ou à risque, étapes en retard (les plus
anciennes en premier), et la section **À traiter** de l'équipe : les **retours à prendre en
compte**, les **bloquants ouverts** et les retours **sans réponse** depuis plus de quelques jours
ouvrés (réglage \`alerts.retour_response_days\`).

![La section « À traiter » de l'équipe sur le tableau de bord](images/a-traiter-equipe-ordinateur.png)

> **Ce que vous verrez :** « Rien n'attend l'équipe » quand aucun retour nouveau, bloquant ou en
> retard n'est ouvert.

À vos premières connexions, la carte **Premiers pas** mène aux sections de ce guide par lesquelles
commencer : créer un client, monter un projet, ajouter des tâches, déposer un livrable, traiter les
retours, écrire une note interne. **Masquer** la retire pour de bon dans ce navigateur (sur un autre
ordinateur ou téléphone, elle s'affiche une fois de plus).

## Créer un client et inviter ses utilisateurs {#clients}

1. **Clients** → **Nouveau client** : nom, contact, coordonnées → **Créer**.
2. Sur la fiche du client, **Inviter un utilisateur** : nom, e-mail, langue → **Envoyer
   l'invitation**.
3. La personne reçoit un e-mail pour choisir son mot de passe ; elle apparaît « Invitation
   envoyée » jusqu'à sa première connexion.

> **Ce que vous verrez :** le client dans la liste, avec le nombre de ses utilisateurs et projets.

> **Si cela ne marche pas :** l'invitation n'arrive pas : vérifiez l'adresse, les courriers
> indésirables, puis **Renvoyer l'invitation** (l'ancien lien cesse de fonctionner). Aucun e-mail
> ne part du tout : voir **Tâches planifiées** (envoi des e-mails) et le guide d'exploitation.

Un client qui ne travaille plus avec nous s'**archive** : ses utilisateurs ne peuvent plus se
connecter, ses données restent consultables.

## Gérer les utilisateurs {#utilisateurs}

**Utilisateurs** : tous les comptes, administrateurs compris. Le menu d'actions de chaque ligne
permet de **Renvoyer l'invitation**, **Désactiver** un compte (il ne peut plus se connecter, ses
sessions sont fermées), ou **Fermer les sessions** (par exemple celles d'un ordinateur perdu).

## Monter un projet avec ses étapes {#projets}

1. **Projets** → **Nouveau projet** : client, nom, description, dates de début et de fin,
   statut, chef de projet → **Créer le projet**.
2. Sur la page du projet, **Ajouter une étape** : titre, date prévue, poids (1 à 100, l'importance
   de l'étape dans l'avancement). Réordonnez les étapes avec **Monter** / **Descendre**.
3. **Démarrer l'étape** quand le travail commence, **Marquer livrée** quand elle est livrée ; le
   client la **valide** en validant son livrable.

![La page d'un projet et sa conversation](images/projet-echanges-ordinateur.png)

> **Ce que vous verrez :** l'avancement se calcule seul à partir des poids et des tâches ; vous ne
> le saisissez jamais. **Pourquoi 42 % ?** sous la barre détaille le calcul.

![Le détail « Pourquoi … % ? » ouvert sous la barre d'avancement](images/pourquoi-ordinateur.png)

> **Si cela ne marche pas :** le projet reste à 99 % tant que la dernière étape n'est pas
> livrée ; une étape **à venir** ne compte pas : démarrez-la.

### Les tâches {#taches}

Sous chaque étape, **Ajouter des tâches** : collez une liste, **une tâche par ligne** (les puces
« - », « • » et les numéros « 1. » sont retirés, les lignes vides ignorées ; 200 tâches au plus).
Choisissez pour toute la liste la **visibilité** — **Visible par le client** ou **Interne (équipe
seulement)** —, la personne assignée et l'échéance.

- Changez le **statut** directement dans la liste (À faire, En cours, En revue, Terminée).
- Le menu **⋯** de chaque tâche : **Modifier**, **Monter** / **Descendre**, **Déplacer vers une
  autre étape** (du même projet uniquement), **Supprimer**.
- Le client ne voit que les tâches visibles ; une tâche interne porte la marque **Interne**.
- Une tâche non terminée dont l'échéance est passée déclenche l'**alerte de retard** quotidienne,
  pour l'équipe seulement. Supprimer une étape supprime ses tâches : la confirmation dit combien.

![Une étape et ses tâches, chacune avec son statut](images/taches-etape-ordinateur.png)

![La fenêtre « Ajouter des tâches » avec une liste collée](images/taches-coller-ordinateur.png)

> **Si cela ne marche pas :** si une ligne de la liste ne convient pas (plus de 200 caractères…),
> le message donne son numéro et rien n'est ajouté : corrigez-la et collez de nouveau.

### Relier une tâche au retour qu'elle traite {#taches-retour}

Quand un retour du client demande du travail, reliez-lui les tâches qui y répondent : le client suit
ce travail depuis la page de son retour.

1. Menu **⋯** de la tâche → **Modifier**. La fenêtre reprend tous les champs de la tâche : titre,
   description, statut, visibilité, personne assignée, échéance.
2. **Retour traité** : choisissez le retour parmi les retours ouverts du projet (« N° 2 : Le
   formulaire de contact renvoie une erreur »), puis **Enregistrer**.

![La fenêtre « Modifier la tâche » et son champ « Retour traité »](images/tache-retour-ordinateur.png)

> **Ce que vous verrez :** sous son titre, la tâche affiche « Répond au retour n° 2 : … », un lien
> vers le retour. La page du retour liste ses **Tâches liées**, avec leur étape et leur statut. Le
> client voit ce lien et ces tâches quand elles sont visibles, jamais une tâche interne.

![Les « Tâches liées » sur la page d'un retour](images/taches-liees-ordinateur.png)

> **Si cela ne marche pas :** le retour n'est pas proposé : il est clôturé, ou il appartient à un
> autre projet (une tâche ne répond qu'à un retour de son projet). **Aucun** retire le lien.

## Déposer des versions d'un livrable {#livrables}

1. Section **Livrables** → **Téléverser un livrable** : titre, étape, note, fichier.
2. La progression, le pourcentage et le temps restant s'affichent ; le client est notifié.
3. Une nouvelle version s'ajoute au même livrable (**Nouvelle version**) : le client voit
   l'historique des versions et valide la dernière.

> **Si cela ne marche pas :** les programmes et scripts que Windows exécute d'un double clic
> (\`.exe\`, \`.msi\`, \`.bat\`, \`.cmd\`, \`.ps1\`, \`.js\`, \`.jar\`, \`.scr\`, \`.hta\`, \`.vbs\`, \`.lnk\`,
> \`.iso\`…) sont refusés : livrez-les dans une archive \`.zip\`. Un fichier au-delà de la taille
> maximale est refusé avec cette taille.

## Traiter les retours des clients {#retours}

Les clients signalent anomalies, demandes d'évolution et questions par des **retours** (section
**Retours** de la page du projet). Vous pouvez aussi en ouvrir un au nom du client (même bouton
**Ouvrir un retour**) : ses utilisateurs sont prévenus. Sur la page d'un retour :

1. **Prendre en compte** : vous devenez responsable du retour s'il n'en a pas ;
2. **Passer en cours** pendant le traitement ;
3. **Résoudre** : la **note de résolution** est obligatoire ; choisissez la **version corrective**
   si une nouvelle version du livrable règle le problème (déposez-la d'abord dans **Livrables**).

Seul le client clôture (il confirme) ou rouvre (avec un commentaire) un retour résolu. Chaque
étape est tracée dans l'historique du retour et dans le journal d'audit, et notifiée au client.
Une **demande de modifications** sur un livrable crée elle-même un retour lié à la version.

![La page d'un retour nouveau : priorité, responsable et boutons de suivi](images/retour-equipe-ordinateur.png)

> **Ce que vous verrez :** chaque carte de projet affiche ses retours ouverts ; un retour sans
> réponse depuis trop longtemps déclenche une alerte quotidienne et apparaît dans **À traiter**.

> **Si cela ne marche pas :** « Clôturer » vous est refusé : c'est au client de confirmer.
> Relancez-le dans les échanges du retour.

### Trier les retours : priorité et responsable {#trier-retours}

**Retours** (menu *Suivi*) : les retours de tous les projets, filtrables par client, projet, état,
type, priorité, ancienneté et responsable, triables par les titres des colonnes, avec
**Exporter en CSV** ; les filtres restent dans l'adresse de la page (à garder en favori). Un retour
dont les échanges contiennent des messages que vous n'avez pas lus affiche « N nouveaux
messages » : le compteur disparaît dès que vous ouvrez sa page.

Le tri se fait directement dans cette liste, sans ouvrir chaque retour :

1. Colonne **Priorité** : corrigez au besoin celle que le client a choisie (**Bloquant**,
   **Majeur**, **Mineur**).
2. Colonne **Responsable** : confiez le retour à un membre de l'équipe, ou **Non attribué** pour
   personne.

Chaque choix est enregistré aussitôt. Les mêmes listes se trouvent en haut de la page du retour ;
**Prendre en compte** vous en fait aussi le responsable s'il n'en a pas.

![La liste des retours de tous les projets, un retour confié depuis sa ligne](images/retours-equipe-ordinateur.png)

> **Ce que vous verrez :** un message confirme le changement (« « Le formulaire de contact
> renvoie une erreur » confié à Camille Admin. »). Le nouveau responsable reçoit la notification
> « … vous a confié le retour « … » », et un e-mail selon ses préférences. Le journal d'audit
> enregistre l'action \`retour.triage\` avec l'ancienne et la nouvelle priorité et le responsable.
> Le client voit la priorité et le nom du responsable sur la page du retour.

> **Si cela ne marche pas :** la liste reprend sa valeur précédente et le message dit pourquoi :
> « Choisissez un membre actif de l'équipe comme responsable du retour » quand le compte choisi
> a été désactivé entre-temps (un responsable désactivé reste affiché jusqu'à ce que vous en
> choisissiez un autre).

## Échanges et notes internes {#echanges}

La section **Échanges** de chaque projet fonctionne comme pour le client ; un administrateur peut
supprimer n'importe quel message.

### Notes internes {#notes-internes}

Pour noter ce que le client ne doit pas lire (une marge, un risque, une consigne à un collègue),
cochez **Note interne (visible par l'équipe uniquement)** au-dessus de la zone de saisie : le cadre
passe en jaune et le bouton devient **Enregistrer la note interne**. Vous pouvez joindre des
fichiers comme à un message.

- La note apparaît avec un cadre jaune en pointillés et la mention « Note interne — visible par
  l'équipe uniquement ». Le client ne la voit jamais : ni conversation, ni compteurs, ni
  notifications, ni e-mails, ni rapports.
- La case se décoche après chaque envoi : le message suivant repart vers le client.
- Une note reste interne pour toujours ; elle ne compte pas comme une réponse au client.

![Une note interne dans les échanges, telle que l'équipe la voit](images/note-interne-ordinateur.png)

La même case existe dans les **Échanges sur ce retour** de chaque retour : notez-y une piste, une
estimation ou une consigne sur ce retour précis. Seule l'équipe du projet en est notifiée, et la
note ne change pas l'état du retour : seul **Prendre en compte** le retire des retours à prendre en
compte de **À traiter**. La ligne **Nouveaux messages** marque, là aussi, où vous vous étiez
arrêté.

![Une note interne dans les échanges d'un retour, avant la précision du client](images/retour-note-interne-ordinateur.png)

> **Si cela ne marche pas :** l'export CSV de l'historique signale les notes dans la colonne
> « note interne » : vérifiez-la avant de transmettre un export à un client.

### Historique des échanges {#historique-echanges}

**Échanges** (menu *Suivi*) : l'historique de tous les messages, notes internes marquées,
filtrable par client, projet, auteur, dates et mots, avec **Exporter en CSV**.

![L'historique des échanges](images/historique-echanges-ordinateur.png)

## Statistiques {#statistiques}

**Statistiques** : choisissez la période et le client. Graphiques par mois (projets créés, étapes
livrées à l'heure ou en retard, versions déposées et validations), chacun avec son tableau de
chiffres ; part des demandes de modifications, délais moyens de décision et de réponse ;
classements des clients les plus actifs et des plus en retard. Pour les **retours** : ouverts et
clôturés par mois, délais de prise en compte et de résolution (médiane et 90 % des retours), taux
de réouverture, retours ouverts par priorité et ancienneté.

![Les statistiques sur ordinateur](images/statistiques-ordinateur.png)

![Les statistiques sur téléphone](images/statistiques-telephone.png)

## Rapports de suivi {#rapports}

**Rapport PDF** / **Rapport CSV** sur la page d'un projet, ou sur la fiche d'un client (tous ses
projets). Les rapports reprennent l'avancement, les étapes, les retours ouverts et leurs chiffres,
jamais les notes internes. Les utilisateurs du client peuvent télécharger celui de leurs projets.

## Journal d'audit {#journal}

**Journal d'audit** (menu *Suivi*) : connexions, modifications, téléchargements, changements
d'état des retours, tri des retours… filtrables par personne, client, action, cible et dates ;
**Exporter en CSV**. Le journal ne peut pas être modifié : chaque ligne est chaînée à la précédente.

> **Ce que vous verrez :** l'action s'écrit comme \`user.login\` ou \`retour.resolu\` ; saisissez
> \`retour.triage\` dans le filtre **Action** pour retrouver qui a changé la priorité ou le
> responsable d'un retour, avec l'ancienne et la nouvelle valeur.

## Tâches planifiées {#taches-planifiees}

**Tâches planifiées** (menu *Suivi*) : chaque exécution des sauvegardes, des e-mails de
notification, des alertes de retard et du nettoyage, avec son résultat (Réussie, Échec, Ignorée,
En cours).

![La page des tâches planifiées](images/taches-planifiees-ordinateur.png)

> **Si cela ne marche pas :** un échec de sauvegarde est aussi envoyé par e-mail à tous les
> administrateurs ; transmettez-le à l'exploitation (guide d'exploitation, « Sauvegardes »).

## Calendrier des échéances {#calendrier}

Comme les clients, chaque membre de l'équipe peut activer dans **Mon compte** → **Calendrier des
échéances** une adresse privée à ajouter à son agenda. Elle contient les dates prévues des étapes
et des tâches de **tous** les projets (tâches internes comprises), de 90 jours en arrière à
environ 13 mois en avant. **Renouveler l'adresse** ou **Désactiver** la rend aussitôt
inutilisable.

![Le calendrier des échéances activé dans « Mon compte »](images/calendrier-ordinateur.png)

> **Si cela ne marche pas :** un agenda qui lit l'adresse plus de 60 fois par heure est mis en
> attente une heure ; un compte désactivé perd son calendrier.
`;export{e as default};