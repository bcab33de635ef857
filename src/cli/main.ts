console.log("mltrain: not built yet"); process.exit(2);
