"""One module per DVC stage, each with a ``main()`` that ``samenspraak
<stage>`` calls: they read inputs, call the library and write outputs.
Nothing else lives here, and no other module imports a stage."""
