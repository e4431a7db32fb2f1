"""From files to clean text: file formats, layout cleaning, language
detection and (near) duplicates."""
