// Decap CMS ships no Indonesian locale; registered with CMS.registerLocale('id', phrases).
// Indonesian (Bahasa Indonesia) UI phrases for Decap CMS 3.16.3; same keys as the English locale.
// Polyglot treats 'id' as a single-plural-form language, so plural strings use one form.
const phrases = {
  auth: {
    login: 'Masuk',
    loggingIn: 'Sedang masuk...',
    loginWithNetlifyIdentity: 'Masuk dengan Netlify Identity',
    loginWithAzure: 'Masuk dengan Azure',
    loginWithBitbucket: 'Masuk dengan Bitbucket',
    loginWithGitHub: 'Masuk dengan GitHub',
    loginWithGitLab: 'Masuk dengan GitLab',
    loginWithGitea: 'Masuk dengan Gitea',
    loginWithForgejo: 'Masuk dengan Forgejo',
    errors: {
      email: 'Pastikan Anda sudah mengisi alamat email.',
      password: 'Silakan isi kata sandi Anda.',
      identitySettings:
        'Pengaturan identitas tidak dapat diakses. Jika memakai backend git-gateway, pastikan layanan Identity dan Git Gateway sudah diaktifkan.',
    },
  },
  app: {
    header: {
      content: 'Konten',
      workflow: 'Alur Kerja',
      media: 'Media',
      quickAdd: 'Tambah cepat',
    },
    app: {
      errorHeader: 'Gagal memuat konfigurasi CMS',
      configErrors: 'Kesalahan Konfigurasi',
      checkConfigYml: 'Periksa berkas config.yml Anda.',
      loadingConfig: 'Memuat konfigurasi...',
      waitingBackend: 'Menunggu server...',
    },
    notFoundPage: {
      header: 'Halaman Tidak Ditemukan',
    },
  },
  collection: {
    sidebar: {
      collections: 'Koleksi',
      allCollections: 'Semua Koleksi',
      searchAll: 'Cari di semua koleksi',
      searchIn: 'Cari di',
    },
    collectionTop: {
      sortBy: 'Urutkan',
      viewAs: 'Tampilan',
      viewAsList: 'Tampilan daftar',
      viewAsGrid: 'Tampilan kisi',
      newButton: '%{collectionLabel} baru',
      newButtonAriaLabel: 'Buat entri %{collectionLabel} baru',
      ascending: 'Urutan naik',
      descending: 'Urutan turun',
      searchResults: 'Hasil pencarian untuk "%{searchTerm}"',
      searchResultsInCollection: 'Hasil pencarian untuk "%{searchTerm}" di %{collection}',
      filterBy: 'Saring',
      groupBy: 'Kelompokkan',
    },
    entries: {
      loadingEntries: 'Memuat entri...',
      cachingEntries: 'Menyimpan entri ke cache...',
      longerLoading: 'Proses ini bisa memakan waktu beberapa menit',
      noEntries: 'Belum ada entri',
      unpublishedHeader: 'Entri yang Belum Terbit',
    },
    groups: {
      other: 'Lainnya',
      negateLabel: 'Bukan %{label}',
    },
    defaultFields: {
      author: {
        label: 'Penulis',
      },
      updatedOn: {
        label: 'Terakhir Diperbarui',
      },
    },
  },
  editor: {
    editorControl: {
      field: {
        optional: 'opsional',
        widgetLabel: 'Kolom %{widgetLabel}',
      },
    },
    editorControlPane: {
      widget: {
        required: '%{fieldLabel} wajib diisi.',
        regexPattern: '%{fieldLabel} tidak sesuai dengan pola: %{pattern}.',
        processing: '%{fieldLabel} sedang diproses.',
        range: '%{fieldLabel} harus bernilai antara %{minValue} dan %{maxValue}.',
        min: '%{fieldLabel} paling sedikit %{minValue}.',
        max: '%{fieldLabel} paling banyak %{maxValue}.',
        rangeCount: '%{fieldLabel} harus berisi %{minCount} sampai %{maxCount} butir.',
        rangeCountExact: '%{fieldLabel} harus berisi tepat %{count} butir.',
        rangeMin: '%{fieldLabel} harus berisi paling sedikit %{minCount} butir.',
        rangeMax: '%{fieldLabel} hanya boleh berisi paling banyak %{maxCount} butir.',
        invalidPath: `'%{path}' bukan jalur yang valid`,
        pathExists: `Jalur '%{path}' sudah ada`,
      },
      i18n: {
        writingInLocale: 'Menulis dalam bahasa %{locale}',
        copyFromLocale: 'Isi dari bahasa lain',
        copyFromLocaleConfirm:
          'Apakah Anda ingin mengisi data dari bahasa %{locale}?\nSemua konten yang sudah ada akan ditimpa.',
      },
    },
    editor: {
      onLeavePage: 'Apakah Anda yakin ingin meninggalkan halaman ini?',
      onUpdatingWithUnsavedChanges:
        'Ada perubahan yang belum disimpan. Silakan simpan terlebih dahulu sebelum mengubah status.',
      onPublishingNotReady: 'Silakan ubah status menjadi "Siap Terbit" sebelum menerbitkan.',
      onPublishingWithUnsavedChanges:
        'Ada perubahan yang belum disimpan. Silakan simpan terlebih dahulu sebelum menerbitkan.',
      onPublishing: 'Apakah Anda yakin ingin menerbitkan entri ini?',
      onUnpublishing: 'Apakah Anda yakin ingin menarik entri ini dari publikasi?',
      onDeleteWithUnsavedChanges:
        'Apakah Anda yakin ingin menghapus entri yang sudah terbit ini, beserta perubahan yang belum disimpan pada sesi ini?',
      onDeletePublishedEntry: 'Apakah Anda yakin ingin menghapus entri yang sudah terbit ini?',
      onDeleteUnpublishedChangesWithUnsavedChanges:
        'Semua perubahan yang belum diterbitkan pada entri ini, beserta perubahan yang belum disimpan pada sesi ini, akan dihapus. Tetap hapus?',
      onDeleteUnpublishedChanges:
        'Semua perubahan yang belum diterbitkan pada entri ini akan dihapus. Tetap hapus?',
      loadingEntry: 'Memuat entri...',
      confirmLoadBackup:
        'Ditemukan cadangan lokal untuk entri ini. Apakah Anda ingin memakainya?',
    },
    editorInterface: {
      toggleI18n: 'Tampilkan/sembunyikan terjemahan',
      togglePreview: 'Tampilkan/sembunyikan pratinjau',
      toggleScrollSync: 'Selaraskan gulir',
      toggleNotes: 'Tampilkan/sembunyikan catatan',
    },
    editorNotesPane: {
      title: 'Catatan',
      emptyState:
        'Belum ada catatan. Tambahkan catatan pertama di bawah untuk mulai bekerja sama.',
      addNote: 'Tambah Catatan',
      addPlaceholder: 'Tulis catatan...',
      editPlaceholder: 'Ubah catatan Anda...',
      save: 'Simpan',
      cancel: 'Batal',
      edit: 'Ubah',
      delete: 'Hapus',
      resolve: 'Tandai selesai',
      unresolve: 'Buka kembali',
      confirmDelete: 'Apakah Anda yakin ingin menghapus catatan ini?',
      shortcut: 'Tips: tekan Ctrl+Enter untuk menambah catatan dengan cepat',
    },
    editorToolbar: {
      publishing: 'Menerbitkan...',
      publish: 'Terbitkan',
      published: 'Sudah Terbit',
      unpublish: 'Tarik dari Publikasi',
      duplicate: 'Gandakan',
      unpublishing: 'Menarik dari publikasi...',
      publishAndCreateNew: 'Terbitkan dan buat baru',
      publishAndDuplicate: 'Terbitkan dan gandakan',
      deleteUnpublishedChanges: 'Hapus perubahan yang belum terbit',
      deleteUnpublishedEntry: 'Hapus entri yang belum terbit',
      deletePublishedEntry: 'Hapus entri yang sudah terbit',
      deleteEntry: 'Hapus entri',
      saving: 'Menyimpan...',
      save: 'Simpan',
      statusInfoTooltipDraft:
        'Status entri ini masih draf. Jika sudah selesai dan ingin diajukan untuk ditinjau, ubah statusnya menjadi ‘Sedang Ditinjau’.',
      statusInfoTooltipInReview:
        'Entri ini sedang ditinjau, Anda tidak perlu melakukan apa pun. Namun, Anda tetap dapat mengubahnya selama proses peninjauan.',
      deleting: 'Menghapus...',
      updating: 'Memperbarui...',
      status: 'Status: %{status}',
      backCollection: ' Menulis di koleksi %{collectionLabel}',
      unsavedChanges: 'Perubahan Belum Disimpan',
      changesSaved: 'Perubahan tersimpan',
      draft: 'Draf',
      inReview: 'Sedang Ditinjau',
      ready: 'Siap Terbit',
      publishNow: 'Terbitkan sekarang',
      deployPreviewPendingButtonLabel: 'Periksa Pratinjau',
      deployPreviewButtonLabel: 'Lihat Pratinjau',
      deployButtonLabel: 'Lihat di Situs',
    },
    editorWidgets: {
      markdown: {
        bold: 'Tebal',
        italic: 'Miring',
        strikethrough: 'Coret',
        code: 'Kode',
        link: 'Tautan',
        linkPrompt: 'Masukkan URL tautan',
        headings: 'Judul',
        quote: 'Kutipan',
        bulletedList: 'Daftar Berpoin',
        numberedList: 'Daftar Bernomor',
        addComponent: 'Tambah Komponen',
        richText: 'Teks Berformat',
        markdown: 'Markdown',
        toggleMode: {
          rich: 'Beralih ke mode teks berformat',
          markdown: 'Beralih ke mode Markdown',
        },
      },
      image: {
        choose: 'Pilih gambar',
        chooseMultiple: 'Pilih beberapa gambar',
        chooseUrl: 'Sisipkan dari URL',
        replaceUrl: 'Ganti dengan URL',
        promptUrl: 'Masukkan URL gambar',
        chooseDifferent: 'Pilih gambar lain',
        addMore: 'Tambah gambar lagi',
        remove: 'Hapus gambar',
        removeAll: 'Hapus semua gambar',
      },
      file: {
        choose: 'Pilih berkas',
        chooseUrl: 'Sisipkan dari URL',
        chooseMultiple: 'Pilih beberapa berkas',
        replaceUrl: 'Ganti dengan URL',
        promptUrl: 'Masukkan URL berkas',
        chooseDifferent: 'Pilih berkas lain',
        addMore: 'Tambah berkas lagi',
        remove: 'Hapus berkas',
        removeAll: 'Hapus semua berkas',
      },
      unknownControl: {
        noControl: "Tidak ada kontrol untuk widget '%{widget}'.",
      },
      unknownPreview: {
        noPreview: "Tidak ada pratinjau untuk widget '%{widget}'.",
      },
      headingOptions: {
        headingOne: 'Judul 1',
        headingTwo: 'Judul 2',
        headingThree: 'Judul 3',
        headingFour: 'Judul 4',
        headingFive: 'Judul 5',
        headingSix: 'Judul 6',
      },
      datetime: {
        now: 'Sekarang',
        clear: 'Kosongkan',
        setToNow: 'Isi %{fieldLabel} dengan waktu sekarang',
      },
      list: {
        add: 'Tambah %{item}',
        addType: 'Tambah %{item}',
      },
      object: {
        expand: 'Perluas',
        collapse: 'Ciutkan',
      },
    },
  },
  mediaLibrary: {
    mediaLibraryCard: {
      draft: 'Draf',
      copy: 'Salin',
      copyUrl: 'Salin URL',
      copyPath: 'Salin Jalur',
      copyName: 'Salin Nama',
      copied: 'Tersalin',
    },
    mediaLibrary: {
      onDelete: 'Apakah Anda yakin ingin menghapus media yang dipilih?',
      fileTooLarge:
        'Berkas terlalu besar.\nUkuran berkas yang diizinkan paling besar %{size} kB.',
    },
    mediaLibraryModal: {
      loading: 'Memuat...',
      close: 'Tutup',
      noResults: 'Tidak ada hasil.',
      noAssetsFound: 'Belum ada berkas media.',
      noImagesFound: 'Belum ada gambar.',
      // Shown directly before "Gambar"/"Berkas media" in the dialog title.
      private: 'Privat: ',
      images: 'Gambar',
      mediaAssets: 'Berkas media',
      search: 'Cari...',
      uploading: 'Mengunggah...',
      upload: 'Unggah',
      download: 'Unduh',
      deleting: 'Menghapus...',
      deleteSelected: 'Hapus yang dipilih',
      chooseSelected: 'Gunakan yang dipilih',
    },
  },
  ui: {
    default: {
      goBackToSite: 'Kembali ke situs',
    },
    errorBoundary: {
      title: 'Terjadi Kesalahan',
      details: 'Terjadi kesalahan - silakan ',
      reportIt: 'laporkan melalui GitHub (buka issue).',
      detailsHeading: 'Rincian',
      privacyWarning:
        'Laporan yang dibuka akan otomatis berisi pesan kesalahan dan data teknis (debugging).\nPastikan informasinya benar dan hapus data yang bersifat rahasia jika ada.',
      recoveredEntry: {
        heading: 'Dokumen yang dipulihkan',
        warning: 'Salin dan simpan isi ini di tempat lain sebelum meninggalkan halaman!',
        copyButtonLabel: 'Salin ke papan klip',
      },
    },
    settingsDropdown: {
      logOut: 'Keluar',
      account: 'Menu pengaturan akun',
    },
    toast: {
      onFailToLoadEntries: 'Gagal memuat entri: %{details}',
      onFailToLoadDeployPreview: 'Gagal memuat pratinjau: %{details}',
      onFailToPersist: 'Gagal menyimpan entri: %{details}',
      onFailToDelete: 'Gagal menghapus entri: %{details}',
      onFailToUpdateStatus: 'Gagal memperbarui status: %{details}',
      missingRequiredField:
        'Maaf, masih ada kolom wajib yang belum diisi. Silakan lengkapi sebelum menyimpan.',
      entrySaved: 'Entri tersimpan',
      entryPublished: 'Entri berhasil diterbitkan',
      entryUnpublished: 'Entri ditarik dari publikasi',
      onFailToPublishEntry: 'Gagal menerbitkan: %{details}',
      onFailToUnpublishEntry: 'Gagal menarik entri dari publikasi: %{details}',
      entryUpdated: 'Status entri diperbarui',
      onDeleteUnpublishedChanges: 'Perubahan yang belum terbit telah dihapus',
      noteAdded: 'Catatan ditambahkan',
      onFailToAddNote: 'Gagal menambahkan catatan: %{details}',
      noteUpdated: 'Catatan diperbarui',
      onFailToUpdateNote: 'Gagal memperbarui catatan: %{details}',
      noteDeleted: 'Catatan dihapus',
      onFailToDeleteNote: 'Gagal menghapus catatan: %{details}',
      noteResolved: 'Catatan ditandai selesai',
      noteReopened: 'Catatan dibuka kembali',
      onFailToToggleNote: 'Gagal mengubah status catatan: %{details}',
      onFailToAuth: '%{details}',
      onLoggedOut:
        'Anda telah keluar dari sistem. Silakan amankan salinan data Anda, lalu masuk kembali.',
      onBackendDown:
        'Layanan server sedang mengalami gangguan. Lihat %{details} untuk informasi lebih lanjut.',
    },
  },
  workflow: {
    workflow: {
      loading: 'Memuat entri alur kerja redaksi',
      workflowHeading: 'Alur Kerja Redaksi',
      newPost: 'Entri Baru',
      description: '%{smart_count} entri menunggu ditinjau, %{readyCount} siap terbit.',
      // Decap formats this with dayjs, which has no Indonesian month names
      // loaded; a numeric day/month/year avoids English month names.
      dateFormat: 'DD/MM/YYYY',
    },
    workflowCard: {
      lastChange: '%{date} oleh %{author}',
      lastChangeNoAuthor: '%{date}',
      lastChangeNoDate: 'oleh %{author}',
      deleteChanges: 'Hapus perubahan',
      deleteNewEntry: 'Hapus entri baru',
      publishChanges: 'Terbitkan perubahan',
      publishNewEntry: 'Terbitkan entri baru',
    },
    workflowList: {
      onDeleteEntry: 'Apakah Anda yakin ingin menghapus entri ini?',
      onPublishingNotReadyEntry:
        'Hanya entri berstatus "Siap Terbit" yang dapat diterbitkan. Silakan seret kartunya ke kolom "Siap Terbit" agar bisa diterbitkan.',
      onPublishEntry: 'Apakah Anda yakin ingin menerbitkan entri ini?',
      draftHeader: 'Draf',
      inReviewHeader: 'Sedang Ditinjau',
      readyHeader: 'Siap Terbit',
      currentEntries: '%{smart_count} entri',
    },
  },
};

export default phrases;
