"""Operations: health check, request logs, rate limits, workspace backups."""
