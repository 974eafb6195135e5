var e=`# Nouveautés

Ce qui a changé pour vous à chaque version du portail, la plus récente en premier (le numéro de
la version installée s'affiche avec \`portal version\`).

## Décembre 2026 {#2026-12}

- **Aide dans le portail** : les guides du client, de l'administrateur et d'exploitation se lisent
  dans **Aide**, avec leurs captures d'écran, un sommaire, une recherche et un PDF à imprimer.
  Le bouton **?** à côté du titre de chaque écran ouvre la bonne section.
- **Application installable** : ajoutez le portail à l'écran d'accueil de votre téléphone ; sans
  réseau, il affiche « Vous êtes hors ligne » au lieu d'une erreur.
- **À traiter** : le tableau de bord montre ce qui attend une action (versions à valider, retours à
  confirmer ou à prendre en compte, bloquants, retours sans réponse).
- **Retours** : anomalies, demandes d'évolution et questions suivies jusqu'à leur clôture.
- **Tâches** dans les étapes, et l'avancement qui en tient compte (**Pourquoi 42 % ?**).
- **Calendrier des échéances** à ajouter à votre agenda.
- **Notes internes** pour l'équipe dans les échanges.
- **Plusieurs serveurs** (exploitation) : fichiers dans un stockage compatible S3 et événements
  en direct partagés par NATS ; \`portal storage migrate\` déplace les fichiers.

## Novembre 2026 {#2026-11}

- Double authentification, codes de secours, sessions ouvertes dans **Mon compte**.
- Notifications par e-mail au choix : immédiat, résumé quotidien ou aucun.
- Statistiques, rapports de suivi PDF et CSV, journal d'audit.
`;export{e as default};