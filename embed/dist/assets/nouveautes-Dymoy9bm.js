var e=`# Nouveautés

Ce qui a changé pour vous à chaque version du portail, la plus récente en premier. Les versions
portent le mois de leur mise en service (\`portal version\` affiche le numéro exact de celle qui est
installée). Chaque point renvoie à la section du guide qui l'explique.

## Version de décembre 2026 {#2026-12}

### Pour tous {#2026-12-tous}

- **Aide dans le portail** : les guides du client, de l'administrateur et d'exploitation se lisent
  dans **Aide**, avec leurs captures d'écran, un sommaire, une recherche et un PDF à imprimer.
  Le bouton **?** à côté du titre de chaque écran ouvre la bonne section.
- **Premiers pas** : à vos premières connexions, une carte du tableau de bord mène aux sections du
  guide par lesquelles commencer ; **Masquer** la retire pour de bon.
- **Application installable** : ajoutez le portail à l'écran d'accueil de votre téléphone ; sans
  réseau, il affiche « Vous êtes hors ligne » au lieu d'une erreur, et il se met à jour seul à
  chaque nouvelle version.
- **À traiter** : le tableau de bord montre ce qui attend une action (versions à valider, retours à
  confirmer ou à prendre en compte, bloquants, retours et questions sans réponse).
- **Tâches** dans les étapes : statut, échéance, visibilité ; l'avancement en tient compte, et
  **Pourquoi 42 % ?** sous la barre détaille le calcul.
- **Retours** : anomalies, demandes d'évolution et questions suivies jusqu'à leur clôture, chacun
  avec ses échanges ; « N nouveaux messages » sur les listes tant que vous ne les avez pas lus,
  et une ligne **Nouveaux messages** là où vous vous étiez arrêté.
- **Tâches liées** : une tâche peut répondre à un retour ; la page du retour montre le travail
  prévu, la tâche renvoie au retour.
- **Calendrier des échéances** : les dates prévues des étapes et des tâches dans votre agenda
  (Thunderbird, Outlook, Google Agenda), par une adresse privée.
- Les dates se saisissent en jj/mm/aaaa en français (dd/mm/yyyy en anglais), quel que soit le
  navigateur.

### Pour l'équipe {#2026-12-equipe}

- **Tri des retours** : priorité et responsable se règlent depuis la liste **Retours** ou la page
  du retour ; le responsable est prévenu et chaque changement est tracé dans le journal d'audit.
- **Ajouter des tâches** en collant une liste, une tâche par ligne ; tâches internes invisibles
  du client ; alerte quotidienne des tâches en retard.
- **Notes internes** dans les échanges d'un projet et dans ceux d'un retour : jamais montrées au
  client.
- Les listes des retours se trient par les titres des colonnes et gardent leurs filtres dans
  l'adresse de la page.

### Pour l'exploitation {#2026-12-exploitation}

- **Plusieurs serveurs** : fichiers dans un stockage compatible S3 et événements en direct
  partagés par NATS ; \`portal storage migrate\` déplace les fichiers ; \`/readyz\` rend compte des
  deux.
- Une requête coupée par la perte de la base de données répond « réessayez » (503) au lieu d'une
  erreur : la même action relancée ne s'enregistre qu'une fois.

## Version de novembre 2026 {#2026-11}

- Double authentification, codes de secours, sessions ouvertes dans **Mon compte**.
- Notifications par e-mail au choix : immédiat, résumé quotidien ou aucun.
- Statistiques, rapports de suivi PDF et CSV, journal d'audit.
`;export{e as default};