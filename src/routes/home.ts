import { Router } from 'express';
import { currentUser } from '../middleware/signIn';
import { isReviewer } from '../domain/roles';

export function homeRouter(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const user = currentUser(res);
    res.render('home/index', { title: 'Home', user, reviewer: isReviewer(user.role) });
  });
  return router;
}
