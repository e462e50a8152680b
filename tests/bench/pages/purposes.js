// The five purposes of www/notices/pass-region.json (French titles and
// descriptions), shared by the peer pages so that each shows the same form.
window.PURPOSES = [
  {
    id: 'bons-plans',
    title: 'Recevoir les bons plans des partenaires du pass',
    description:
      'La Région vous envoie des réductions et invitations proposées par les cinémas, clubs de sport et librairies partenaires. La Région envoie les messages elle-même : les partenaires ne reçoivent pas vos coordonnées.',
  },
  {
    id: 'actualites-programmes',
    title: 'Être informé des programmes régionaux pour les jeunes',
    description: 'Des informations sur les aides au permis, les séjours, les stages et les bourses proposés par la Région.',
  },
  {
    id: 'enquetes',
    title: 'Répondre à des enquêtes sur le pass',
    description: 'Au plus deux questionnaires par an pour améliorer le pass. Répondre reste toujours facultatif.',
  },
  {
    id: 'partage-partenaires',
    title: 'Transmettre mes coordonnées aux organismes partenaires',
    description:
      'La Région transmet vos coordonnées aux organismes partenaires du pass (missions locales, fédérations sportives), qui pourront vous contacter eux-mêmes. Chacun devient responsable de vos données.',
  },
  {
    id: 'messages-institutionnels',
    title: "Recevoir des messages institutionnels de l'exécutif régional",
    description: 'Des messages signés par le président ou les élus de la Région (vœux, bilans, annonces). Ils ne concernent pas directement votre pass.',
  },
];
